/**
 * The generic listing extractor on small pages of other common shapes than the fixtures' (IR modules,
 * newswire search pages, flat link lists, French and German newsrooms, tag soup) and on pages it must refuse.
 */
import { describe, expect, it } from "vitest";
import { extractListing } from "../../../src/ingest/listing/index.js";
import { expectRows } from "../../support/listing.js";

const page = (body: string, lang = "en") =>
  `<!DOCTYPE html><html lang="${lang}"><head><title>News</title></head><body>${body}</body></html>`;

describe("generic extraction on other newsroom shapes", () => {
  it("an IR module list: headline links, a PDF link per item, US slashed dates", () => {
    const item = (date: string, slug: string, title: string) =>
      `<div class="module_item"><div class="module_date-time"><span class="module_date-text">${date}</span></div>
       <div class="module_headline"><a class="module_headline-link" href="/news-releases/news-release-details/${slug}">${title}</a></div>
       <div class="module_links"><a class="module_link module_link-pdf" href="/static-files/${slug}">PDF</a></div></div>`;
    const html = page(
      `<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/stock">Stock</a></li></ul></nav></header>
       <div class="module module-news"><div class="module_container">
       ${item("12/09/2025", "acme-fda-approval", "Acme Announces FDA Approval of Its Monthly Depot")}
       ${item("12/01/2025", "acme-conference", "Acme to Present at Upcoming Investor Conference")}
       ${item("11/06/2025", "acme-q3", "Acme Reports Third Quarter 2025 Results")}
       </div><div class="module_pager"><a href="?page=2">Next</a></div></div>`,
    );
    expectRows(html, "https://ir.acme.com/news-events/press-releases", [
      [
        "2025-12-09",
        "Acme Announces FDA Approval of Its Monthly Depot",
        "https://ir.acme.com/news-releases/news-release-details/acme-fda-approval",
      ],
      [
        "2025-12-01",
        "Acme to Present at Upcoming Investor Conference",
        "https://ir.acme.com/news-releases/news-release-details/acme-conference",
      ],
      [
        "2025-11-06",
        "Acme Reports Third Quarter 2025 Results",
        "https://ir.acme.com/news-releases/news-release-details/acme-q3",
      ],
    ]);
  });

  it("a flat run of links, each followed by its date, without a wrapper per entry", () => {
    const html = page(`<div class="content"><h1>News</h1><p>
      <a href="/news/deal.html">Company signs deal with partner for monthly injectable</a> <span>(Dec 9, 2025)</span><br>
      <a href="/news/phase-1.html">Company completes Phase 1 study of weekly depot</a> <span>(Nov 20, 2025)</span><br>
      <a href="/news/ceo.html">Company appoints new Chief Executive Officer</a> <span>(Oct 2, 2025)</span><br></p></div>`);
    expectRows(html, "https://www.company.com/news.html", [
      [
        "2025-12-09",
        "Company signs deal with partner for monthly injectable",
        "https://www.company.com/news/deal.html",
      ],
      [
        "2025-11-20",
        "Company completes Phase 1 study of weekly depot",
        "https://www.company.com/news/phase-1.html",
      ],
      ["2025-10-02", "Company appoints new Chief Executive Officer", "https://www.company.com/news/ceo.html"],
    ]);
  });

  it("a French list with 'Lire la suite' links and '1er décembre 2025'", () => {
    const li = (date: string, slug: string, title: string) =>
      `<li><span class="date">${date}</span> — <a href="/fr/actualites/${slug}/">${title}</a> <a href="/fr/actualites/${slug}/">Lire la suite</a></li>`;
    const html = page(
      `<ul class="menu"><li><a href="/fr/">Accueil</a></li><li><a href="/fr/actualites/">Actualités</a></li></ul>
       <ul class="actus">${li("9 décembre 2025", "autorisation", "La société obtient l'autorisation européenne de son injectable")}
       ${li("1er décembre 2025", "resultats", "Résultats semestriels 2025 : chiffre d'affaires en hausse")}</ul>
       <p><a href="/fr/actualites/page/2/">Suivant</a></p>`,
      "fr",
    );
    expectRows(html, "https://www.societe.fr/fr/actualites/", [
      [
        "2025-12-09",
        "La société obtient l'autorisation européenne de son injectable",
        "https://www.societe.fr/fr/actualites/autorisation/",
      ],
      [
        "2025-12-01",
        "Résultats semestriels 2025 : chiffre d'affaires en hausse",
        "https://www.societe.fr/fr/actualites/resultats/",
      ],
    ]);
  });

  it("a German newsroom with '09. Dezember 2025' and 'Weiterlesen'", () => {
    const html = page(
      `<div class="news"><div class="news-item"><p class="news-item__date">09. Dezember 2025</p>
       <h2><a href="/de/presse/zulassung">Firma erhält EU-Zulassung für ihre Depotspritze</a></h2>
       <p>Die Europäische Kommission hat die Zulassung erteilt und damit den Weg für den Marktstart geebnet.</p>
       <a href="/de/presse/zulassung">Weiterlesen</a></div>
       <div class="news-item"><p class="news-item__date">3. März 2025</p>
       <h2><a href="/de/presse/jahresergebnis-2024">Firma veröffentlicht Jahresergebnis 2024</a></h2>
       <a href="/de/presse/jahresergebnis-2024">Weiterlesen</a></div></div>`,
      "de",
    );
    const result = expectRows(html, "https://www.firma.de/de/presse/", [
      [
        "2025-12-09",
        "Firma erhält EU-Zulassung für ihre Depotspritze",
        "https://www.firma.de/de/presse/zulassung",
      ],
      [
        "2025-03-03",
        "Firma veröffentlicht Jahresergebnis 2024",
        "https://www.firma.de/de/presse/jahresergebnis-2024",
      ],
    ]);
    expect(result.entries[0]?.content).toMatch(/^Die Europäische Kommission/);
  });

  it("tag soup (unclosed li and p, a stray end tag) is read as a browser reads it", () => {
    const html = `<html><body><ul class="news">
      <li><a href="/n/one">First release about a monthly depot</a><p>2025-12-09</span>
      <li><a href="/n/two">Second release about a weekly implant</a><p>2025-12-02
      <li><a href="/n/three">Third release about a yearly formulation</a><p>2025-11-20
      </ul></body></html>`;
    expectRows(html, "https://soup.test/news", [
      ["2025-12-09", "First release about a monthly depot", "https://soup.test/n/one"],
      ["2025-12-02", "Second release about a weekly implant", "https://soup.test/n/two"],
      ["2025-11-20", "Third release about a yearly formulation", "https://soup.test/n/three"],
    ]);
  });

  it("keeps inline markup inside a title word, a truncated link's full title attribute, a leading date out of the title", () => {
    const html = page(`<ul class="releases">
      <li><time datetime="2025-12-09">9 Dec 2025</time><h3><a href="/pr/buvidal">Buvidal<sup>®</sup> approved for adolescents in the EU</a></h3></li>
      <li><time datetime="2025-12-02">2 Dec 2025</time><h3><a href="/pr/long" title="Camurus announces positive results from the long-term safety study of CAM2038">Camurus announces positive results from the long…</a></h3></li>
      <li><a href="/pr/dated"><span>25.11.2025</span> <span>Camurus to present at investor conferences in December</span></a></li>
    </ul>`);
    expectRows(html, "https://corp.se/pr/", [
      ["2025-12-09", "Buvidal® approved for adolescents in the EU", "https://corp.se/pr/buvidal"],
      [
        "2025-12-02",
        "Camurus announces positive results from the long-term safety study of CAM2038",
        "https://corp.se/pr/long",
      ],
      ["2025-11-25", "Camurus to present at investor conferences in December", "https://corp.se/pr/dated"],
    ]);
  });

  it("does not join a dated events list that links elsewhere than the news", () => {
    const news = (d: string, s: string, t: string) =>
      `<article class="news"><time datetime="${d}">${d}</time><h3><a href="/news/${s}">${t}</a></h3></article>`;
    const event = (d: string, s: string, t: string) =>
      `<div class="event"><span class="date">${d}</span><a href="/events/${s}">${t}</a></div>`;
    const html = page(`<main>
      <section class="news-list">${news("2025-12-09", "a", "Company signs licence for its depot platform")}
      ${news("2025-12-01", "b", "Company completes enrolment in its Phase 3 study")}
      ${news("2025-11-20", "c", "Company reports third quarter 2025 results")}</section>
      <section class="events">${event("2026-01-12", "jpm", "J.P. Morgan Healthcare Conference in San Francisco")}
      ${event("2026-02-03", "bio", "BIO CEO and Investor Conference in New York")}</section></main>`);
    const result = extractListing(html, "https://company.test/news/");
    expect(result.entries.map((e) => e.url)).toEqual([
      "https://company.test/news/a",
      "https://company.test/news/b",
      "https://company.test/news/c",
    ]);
  });

  it("keeps the entries of a list that shows no dates, counted as undated", () => {
    const html = page(`<nav><a href="/">Home</a><a href="/about">About</a></nav><main><ul class="press">
      <li><a href="/press/licence-agreement-for-depot">Company signs licence agreement for its depot platform</a></li>
      <li><a href="/press/phase-3-enrolment">Company completes enrolment in its Phase 3 study</a></li>
      <li><a href="/press/q3-results">Company reports third quarter 2025 results</a></li></ul></main>`);
    const result = extractListing(html, "https://company.test/press/");
    expect(result.entries.map((e) => [e.title, e.published_at])).toEqual([
      ["Company signs licence agreement for its depot platform", undefined],
      ["Company completes enrolment in its Phase 3 study", undefined],
      ["Company reports third quarter 2025 results", undefined],
    ]);
    expect(result.diagnostics.undated).toBe(3);
  });

  it("takes the heading as title and the 'Read more' link as URL when the heading is not a link", () => {
    const item = (slug: string, title: string) =>
      `<div class="item"><h3>${title}</h3><p>A teaser of a dozen words about the release and what it means.</p><a class="more" href="/news/${slug}">Read more</a></div>`;
    const html = page(`<nav><a href="/">Home</a><a href="/news/">News</a></nav><main><div class="items">
      ${item("licence", "Company enters licence agreement for its depot platform")}
      ${item("phase-3", "Company completes enrolment in Phase 3 study")}</div></main>`);
    expectRows(html, "https://company.test/news/", [
      [null, "Company enters licence agreement for its depot platform", "https://company.test/news/licence"],
      [null, "Company completes enrolment in Phase 3 study", "https://company.test/news/phase-3"],
    ]);
  });

  it("reads a /yyyy/mm/dd/ link path as the date of an entry that shows none", () => {
    const html = page(`<main><ul class="posts">
      <li><a href="/2025/12/09/company-signs-licence/">Company signs licence for its depot platform</a></li>
      <li><a href="/2025/11/20/company-completes-phase-1/">Company completes Phase 1 of its weekly implant</a></li>
      <li><a href="/2025/11/company-appoints-ceo/">Company appoints a new chief executive officer</a></li></ul></main>`);
    const result = extractListing(html, "https://company.test/news/");
    expect(result.entries.map((e) => [e.published_at ?? null, e.date_source ?? null])).toEqual([
      ["2025-12-09", "url"],
      ["2025-11-20", "url"],
    ]);
    expect(result.diagnostics.dropped.map((d) => d.reason)).toEqual(["undated_in_dated_list"]);
  });

  it("drops titles the source lists in skip_titles", () => {
    const html = page(`<ul class="press">
      <li><a href="/p/a">Company signs licence agreement for its depot</a> <span>9 Dec 2025</span></li>
      <li><a href="/p/b">Company completes enrolment in its Phase 3 study</a> <span>2 Dec 2025</span></li>
      <li><a href="/p/sub">Subscribe to our newsletter today</a> <span>1 Dec 2025</span></li></ul>`);
    const all = extractListing(html, "https://company.test/p/");
    expect(all.entries).toHaveLength(3);
    const skipped = extractListing(html, "https://company.test/p/", { skipTitles: ["Subscribe to .*"] });
    expect(skipped.entries.map((e) => e.url)).toEqual([
      "https://company.test/p/a",
      "https://company.test/p/b",
    ]);
  });

  it("fails with the reason when a page has no list of entries, or is not HTML", () => {
    const navOnly = extractListing(
      page(`<header><nav><a href="/">Home</a> <a href="/about">About us</a> <a href="/contact">Contact</a></nav></header>
        <main><h1>News</h1><p>Our news will appear here soon. In the meantime, read about our technology and pipeline on the other pages of this website, or contact us.</p></main>`),
      "https://company.test/news/",
    );
    expect(navOnly.entries).toEqual([]);
    expect(navOnly.diagnostics.failure?.code).toBe("no_entries");
    expect(navOnly.diagnostics.failure?.message).toMatch(
      /^no list of news entries found: 2 links in \d+ groups of blocks; the best, header>nav \(1 entry, 0 dated, in nav\), scores 0\.00/,
    );

    const json = extractListing('{"error":"rate limited"}', "https://company.test/news/");
    expect(json.diagnostics.failure).toEqual({
      code: "not_html",
      message: 'the page is not HTML (first bytes: "{\\"error\\":\\"rate limited\\"}")',
    });
  });
});
