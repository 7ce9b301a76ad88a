/** The feed and listing parsers on small hand-made documents: markup, entities, links, dates, errors. */
import { describe, expect, it } from "vitest";
import { parseListing } from "../../../src/ingest/readers/html.js";
import { parseFeed } from "../../../src/ingest/readers/rss.js";
import { SourceReadError } from "../../../src/ingest/readers/types.js";
import { htmlToText } from "../../../src/ingest/text.js";

describe("htmlToText", () => {
  it("strips tags, decodes named and numeric entities, unwraps CDATA and collapses whitespace", () => {
    expect(htmlToText('<a href="https://x.test/a">Nanexa &amp; Moderna&#8217;s deal</a>')).toBe(
      "Nanexa & Moderna’s deal",
    );
    expect(htmlToText("<![CDATA[<b>Bold</b>&nbsp;move]]>")).toBe("Bold move");
    expect(htmlToText("&lt;p&gt;Escaped &lt;em&gt;HTML&lt;/em&gt;&lt;/p&gt;")).toBe("Escaped HTML");
    expect(htmlToText("<p>One</p><p>Two</p>")).toBe("One Two");
  });
});

describe("parseFeed", () => {
  const rss = (items: string) =>
    `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>T</title>${items}</channel></rss>`;

  it("reads RSS 2.0 items with <a>-wrapped titles, relative links and RFC 822 dates", () => {
    const result = parseFeed(
      rss(`
      <item><title><![CDATA[<a href="/x">Teva files &amp; waits</a>]]></title><link>/news/teva?utm_source=rss&amp;a=1</link>
        <pubDate>Tue, 09 Dec 2025 22:30:00 -0500</pubDate><description>&lt;p&gt;Short &amp;amp; sweet&lt;/p&gt;</description></item>
      <item><title>No date here</title><link>https://feed.test/undated</link></item>
      <item><title>Read more</title><link>https://feed.test/more</link></item>
      <item><title>Guid only</title><guid>https://feed.test/by-guid</guid><content:encoded><![CDATA[<p>Full <b>text</b></p>]]></content:encoded><description>teaser</description></item>`),
      "press_sector__test",
      "https://feed.test/rss/xml",
    );
    expect(result.found).toBe(4);
    expect(result.skipped).toBe(1);
    expect(result.entries).toEqual([
      {
        title: "Teva files & waits",
        url: "https://feed.test/news/teva?utm_source=rss&a=1",
        published_at: "2025-12-09",
        content: "Short & sweet",
      },
      { title: "No date here", url: "https://feed.test/undated", content: "" },
      { title: "Guid only", url: "https://feed.test/by-guid", content: "Full text" },
    ]);
  });

  it("reads Atom entries (alternate link, published before updated, HTML content)", () => {
    const result = parseFeed(
      `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
        <entry><title type="html">Depot &lt;i&gt;data&lt;/i&gt;</title>
          <link rel="self" href="https://atom.test/self"/><link rel="alternate" href="https://atom.test/post"/>
          <published>2025-12-10T09:00:00+01:00</published><updated>2025-12-12T10:00:00Z</updated>
          <summary type="html">&lt;p&gt;Six-month depot&lt;/p&gt;</summary></entry>
        <entry><title>Updated only</title><link href="/relative"/><updated>2025-12-11T10:00:00Z</updated></entry>
      </feed>`,
      "atom_source",
      "https://atom.test/feed",
    );
    expect(result.entries).toEqual([
      {
        title: "Depot data",
        url: "https://atom.test/post",
        published_at: "2025-12-10",
        content: "Six-month depot",
      },
      { title: "Updated only", url: "https://atom.test/relative", published_at: "2025-12-11", content: "" },
    ]);
  });

  it("names the source for malformed XML and for a document that is not a feed", () => {
    const broken = () =>
      parseFeed("<rss><channel><item><title>x</channel></rss>", "press_sector__broken", "https://b.test/");
    expect(broken).toThrow(SourceReadError);
    expect(broken).toThrow(/^source press_sector__broken: malformed XML at line 1/);
    expect(() =>
      parseFeed("<html><body>Maintenance</body></html>", "press_sector__html", "https://b.test/"),
    ).toThrow(/press_sector__html: not an RSS or Atom feed \(root element: html\)/);
  });
});

describe("parseListing", () => {
  const source = {
    key: "press_corporate__test",
    selectors: { item: "li.news", title: ".t", link: "a", date: "time", content: "p" },
    date_formats: ["d MMMM, yyyy"] as ["d MMMM, yyyy"],
    skip_titles: ["Subscribe to our newsletter"],
  };

  /** Pages the test source's selectors read: everything the reader reports of each. */
  const pages = [
    {
      name: "resolves relative links, reads datetime attributes, falls back to dates in the text and skips furniture",
      html: `<html><body><ul>
      <li class="news"><a href="../releases/one.pdf"><span class="t">One &amp; only</span></a><time datetime="2025-12-09T08:00:00+01:00">Tuesday</time><p>Teaser   one.</p></li>
      <li class="news"><a href="/two"><span class="t">Two</span></a><span>Published 10 December, 2025</span></li>
      <li class="news"><a href="/three"><span class="t">Three</span></a></li>
      <li class="news"><a href="/att.pdf"><span class="t">Download attachment</span></a><time>10 December, 2025</time></li>
      <li class="news"><a href="/sub"><span class="t">Subscribe to our newsletter</span></a></li>
      <li class="news"><span class="t">No link</span></li>
      <li class="news"><a href="javascript:void(0)"><span class="t">Script link</span></a></li>
    </ul></body></html>`,
      url: "https://corp.test/en/news/",
      entries: [
        {
          title: "One & only",
          url: "https://corp.test/en/releases/one.pdf",
          published_at: "2025-12-09",
          content: "Teaser one.",
        },
        { title: "Two", url: "https://corp.test/two", published_at: "2025-12-10", content: "" },
        { title: "Three", url: "https://corp.test/three", content: "" },
      ],
      found: 7,
      skipped: 4,
      warnings: ['entry "No link" has no usable link', 'entry "Script link" has no usable link'],
    },
    {
      name: "reads an element's text without scripts, styles and comments, a <br> as a space, entities decoded",
      html: `<html><body><ul>
      <li class="news"><a href="/a"><span class="t">Q&amp;A<br>on <!-- hidden -->Buvidal<sup>&reg;</sup><script>var x = "&amp;";</script></span></a><p>Teaser<style>p { color: red }</style><noscript>Enable JS</noscript>&nbsp;text</p><time>9 December, 2025</time></li>
    </ul></body></html>`,
      url: "https://corp.test/",
      entries: [
        {
          title: "Q&A on Buvidal®",
          url: "https://corp.test/a",
          published_at: "2025-12-09",
          content: "Teaser text",
        },
      ],
      found: 1,
      skipped: 0,
      warnings: [],
    },
    {
      name: "never dates an entry from its title or teaser, only from its other text",
      html: `<html><body><ul>
      <li class="news"><a href="/a"><span class="t">Data presented on 15 January, 2026</span></a><p>Results at the meeting of 3 February, 2026.</p></li>
      <li class="news"><a href="/b"><span class="t">Readout</span></a><p>Presented on 15 January, 2026.</p><span class="meta">Posted 11 December, 2025</span></li>
    </ul></body></html>`,
      url: "https://corp.test/",
      entries: [
        {
          title: "Data presented on 15 January, 2026",
          url: "https://corp.test/a",
          content: "Results at the meeting of 3 February, 2026.",
        },
        {
          title: "Readout",
          url: "https://corp.test/b",
          published_at: "2025-12-11",
          content: "Presented on 15 January, 2026.",
        },
      ],
      found: 2,
      skipped: 0,
      warnings: [],
    },
  ];

  for (const { name, html, url, entries, found, skipped, warnings } of pages)
    it(name, () => {
      const result = parseListing(html, source, url);
      expect(result.entries).toEqual(entries);
      expect(result.found).toBe(found);
      expect(result.skipped).toBe(skipped);
      expect(result.warnings).toEqual(warnings);
    });

  it("fails clearly when the page is not HTML at all", () => {
    expect(() => parseListing('{"error":"rate limited"}', source, "https://corp.test/")).toThrow(
      /press_corporate__test: the page is not HTML/,
    );
  });

  it("fails, naming the selector and the page title, for a page whose selector matches nothing", () => {
    expect(() =>
      parseListing(
        "<html><head><title> Just a moment...\n</title></head><body><div>Checking your browser</div></body></html>",
        source,
        "https://corp.test/",
      ),
    ).toThrow(
      new SourceReadError(
        "press_corporate__test",
        'no entries match selector "li.news" (page title: "Just a moment...")',
      ),
    );
    expect(() =>
      parseListing("<html><body><div>Redesigned</div></body></html>", source, "https://corp.test/"),
    ).toThrow(/: no entries match selector "li\.news" \(the page has no title\)$/);
  });

  it("names the field and the selector when given one it does not support (config loading refuses it first)", () => {
    expect(() =>
      parseListing(
        "<html><body><li class='news'><a href='/a'>A</a></li></body></html>",
        { ...source, selectors: { ...source.selectors, date: "time:first-of-type" } },
        "https://corp.test/",
      ),
    ).toThrow(
      new SourceReadError(
        "press_corporate__test",
        'bad date selector "time:first-of-type": pseudo-class ":first-of-type" is not supported',
      ),
    );
  });
});
