/**
 * Checking catalog sources as the runs read them, on the recorded fortnight (fixtures/recorded/lai-2025-12) and
 * the recorded company sites: selectors, feeds, a TLS failure, a candidate discovered from its homepage, a
 * listing URL given by hand, and the edit that activates each.
 */
import { join } from "node:path";
import { REPO_ROOT } from "@vectora/testing";
import { describe, expect, it } from "vitest";
import { ReplayHttpTransport } from "../../../src/adapters/replay-http.js";
import { SourceLead } from "../../../src/config/schema.js";
import { NoSecrets } from "../../../src/ports/secrets.js";
import { activationFields } from "../../../src/sources/activation.js";
import { checkListingUrl, checkSource } from "../../../src/sources/check.js";
import { PoliteFetcher } from "../../../src/sources/polite-fetcher.js";
import { loadRepoConfig } from "../../support/repo.js";

const fetcherOf = (dir: string) =>
  new PoliteFetcher(new ReplayHttpTransport(join(REPO_ROOT, dir)), { robotsToken: "VectoraInbox" });
const WINDOW = { from: "2025-12-04", to: "2025-12-17" };

describe("checkSource", () => {
  it("reads configured sources with their own readers", async () => {
    const config = await loadRepoConfig();
    const fetcher = fetcherOf("fixtures/recorded/lai-2025-12");
    const check = (key: string) =>
      checkSource(config.catalog.find((e) => e.key === key)!, {
        fetcher,
        secrets: new NoSecrets(),
        window: WINDOW,
      });
    expect(await check("press_corporate__camurus")).toMatchObject({
      verdict: "ok",
      status: 200,
      method: "selectors",
      listing_url: "https://www.camurus.com/media/press-releases/",
      entries: 8,
      dated_pct: 100,
      newest: "2025-12-16",
      robots: ["https://www.camurus.com: robots.txt not recorded (replay): allowed"],
    });
    expect(await check("press_sector__fiercepharma")).toMatchObject({
      verdict: "ok",
      method: "feed",
      entries: 10,
    });
    const peptron = await check("press_corporate__peptron");
    expect(peptron).toMatchObject({
      verdict: "unreachable",
      reason: "tls for GET https://www.peptron.co.kr/eng/pr/news.php: unable to verify the first certificate",
    });
    expect(peptron.tried[0]).toMatchObject({ outcome: "failed", why: "configured url" });
    // A readable source needs no new entry: activating it only drops a candidate status.
    const camurus = config.catalog.find((e) => e.key === "press_corporate__camurus")!;
    expect(activationFields(camurus, await check("press_corporate__camurus"))).toEqual({
      fields: { status: undefined, reason: undefined },
    });
    expect(activationFields(camurus, peptron)).toEqual({
      refused:
        "unreachable: tls for GET https://www.peptron.co.kr/eng/pr/news.php: unable to verify the first certificate",
    });
  });

  it("discovers a candidate that is only a homepage, under its own key and company", async () => {
    const lead = SourceLead.parse({
      key: "press_corporate__hexadepot",
      name: "Hexadepot news",
      actor_type: "press_corporate",
      company: "Hexadepot",
      status: "candidate",
      homepage: "https://www.hexadepot.fr/",
    });
    const finding = await checkSource(lead, {
      fetcher: fetcherOf("fixtures/discover"),
      secrets: new NoSecrets(),
      window: WINDOW,
    });
    expect(finding).toMatchObject({
      input: "press_corporate__hexadepot",
      key: "press_corporate__hexadepot",
      verdict: "ok",
    });
    expect(activationFields(lead, finding)).toEqual({
      fields: {
        status: undefined,
        reason: undefined,
        kind: "html",
        url: "https://www.hexadepot.fr/investisseurs/communiques-de-presse/",
      },
    });
    const noHomepage = await checkSource(SourceLead.parse({ ...lead, homepage: undefined }), {
      fetcher: fetcherOf("fixtures/discover"),
      secrets: new NoSecrets(),
      window: WINDOW,
    });
    expect(noHomepage).toMatchObject({
      verdict: "no_listing",
      reason:
        "no homepage and no url: give its listing with `vectora sources activate press_corporate__hexadepot --listing URL`",
    });
  });

  it("reads a listing URL given by hand as whatever it answers, and refuses a page that is not a listing", async () => {
    const fetcher = fetcherOf("fixtures/discover");
    const feed = await checkListingUrl("https://feed.mfn.se/v1/feed/5e0c7a2b-nordlyx/rss", {
      fetcher,
      key: "press_corporate__nordlyx",
    });
    expect(feed).toMatchObject({ verdict: "ok", method: "feed", entries: 4 });
    expect(feed.config_entry).toMatchObject({
      kind: "rss",
      url: "https://feed.mfn.se/v1/feed/5e0c7a2b-nordlyx/rss",
    });
    const shell = await checkListingUrl("https://www.vireo-science.io/news/", {
      fetcher,
      key: "press_corporate__vireo",
    });
    expect(shell.verdict).toBe("no_listing");
    expect(shell.reason).toMatch(
      /^https:\/\/www\.vireo-science\.io\/news\/: listing is rendered by JavaScript \(/,
    );
  });
});
