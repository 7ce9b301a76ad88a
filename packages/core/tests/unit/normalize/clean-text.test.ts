import { describe, expect, it } from "vitest";
import {
  cleanContent,
  cleanText,
  decodeEntities,
  ruleSummary,
  splitSentences,
  stripHtml,
} from "../../../src/normalize/index.js";
import { FIXTURES } from "./fixtures.js";

describe("cleanText", () => {
  it.each([
    {
      name: "strips HTML and decodes entities without gluing words",
      raw: "<p>Teva&rsquo;s <b>UZEDY</b>&reg;</p><p>is&nbsp;growing &amp; more</p><script>var x = 1;</script>",
      clean: "Teva’s UZEDY® is growing & more",
    },
    {
      name: "removes a date glued to the text, and its repetition",
      raw: "Next Stage of US Capital GrowthNovember 11, 2025November 11, 2025",
      clean: "Next Stage of US Capital Growth",
    },
    {
      name: "removes a date glued to the title",
      raw: "10 December, 2025Nanexa and Moderna",
      clean: "Nanexa and Moderna",
    },
    {
      name: "removes a READ MORE listing link",
      raw: "royalty on product sales.READ MORE",
      clean: "royalty on product sales.",
    },
    {
      name: "removes a Download attachment listing link",
      raw: "Nanexa publishes interim report 2025Download attachment",
      clean: "Nanexa publishes interim report 2025",
    },
    {
      name: "removes a listing's author, timestamp, date and Read More link",
      raw: "Boston, June 16-19Aleksi Leino2025-06-12T15:59:56+02:00June 12th, 2025|Read More",
      clean: "Boston, June 16-19",
    },
    {
      name: "removes a dotted date before the title",
      raw: "2025.12.09 Peptron signs agreement",
      clean: "Peptron signs agreement",
    },
    {
      name: "keeps dates that are part of a sentence",
      raw: "On December 9, 2025, Teva submitted the NDA.",
      clean: "On December 9, 2025, Teva submitted the NDA.",
    },
    {
      name: "cuts the next listing entry that follows READ MORE + a date",
      raw: "on product sales.READ MORE6 November, 2025Nanexa publishes interim report",
      clean: "on product sales.",
    },
  ])("$name", ({ raw, clean }) => {
    expect(cleanText(raw)).toBe(clean);
  });

  it("decodes numeric entities, keeps unknown ones, and strips tags and comments as word breaks", () => {
    expect(decodeEntities("&#8217; &#x2019; &unknown; &#0;")).toBe("’ ’ &unknown;  ");
    expect(stripHtml("a<br/>b<!-- c -->d")).toBe("a b d");
  });

  it.each(FIXTURES.map((f) => [f.name, f.raw.content] as const))(
    "is idempotent on the %s content",
    (_name, content) => {
      expect(cleanText(cleanText(content))).toBe(cleanText(content));
    },
  );

  it("is idempotent", () => {
    const raw = "PRESSRELEASES10 December, 2025Nanexa and Moderna enter<br>into agreement.READ MORE";
    expect(cleanText(cleanText(raw))).toBe(cleanText(raw));
  });
});

describe("cleanContent", () => {
  it("drops a title repeated near the start of the content, with what precedes it", () => {
    expect(
      cleanContent(
        "PRESSRELEASES10 December, 2025Nanexa and Moderna sign a dealThe agreement covers five compounds.",
        "Nanexa and Moderna sign a deal",
      ),
    ).toBe("The agreement covers five compounds.");
  });

  it("keeps the content when the title appears only later", () => {
    const content =
      "In a long opening sentence that goes on for a while, the company said Nanexa and Moderna sign a deal.";
    expect(cleanContent(content, "Nanexa and Moderna sign a deal")).toBe(content);
  });
});

describe("rule summary", () => {
  it("takes the first informative sentences, skipping title repeats, fragments and boilerplate", () => {
    const title = "Camurus announces positive phase 3 results for CAM2038";
    const content = [
      "Camurus announces positive phase 3 results for CAM2038.",
      "Lund, Sweden.",
      "The study met its primary endpoint in 428 patients with opioid use disorder.",
      "Weekly and monthly depots were well tolerated by U.S. and European patients.",
      "Dr. Smith will present the data in January.",
      "Patients will be followed for another year.",
    ].join(" ");
    expect(ruleSummary(title, content)).toBe(
      "The study met its primary endpoint in 428 patients with opioid use disorder. Weekly and monthly depots were well tolerated by U.S. and European patients. Dr. Smith will present the data in January.",
    );
    expect(
      ruleSummary(
        title,
        "About Camurus Camurus is a Swedish company. Forward-looking statements: this release contains them.",
      ),
    ).toBe(title);
  });

  it("falls back to the title when there is no content", () => {
    expect(ruleSummary("Medincell Awarded New Grant to Fight Malaria", "")).toBe(
      "Medincell Awarded New Grant to Fight Malaria",
    );
  });

  it("does not split after abbreviations or initials", () => {
    expect(splitSentences("Teva filed with the U.S. FDA on Monday. J. Smith said so. Next one!")).toEqual([
      "Teva filed with the U.S. FDA on Monday.",
      "J. Smith said so.",
      "Next one!",
    ]);
  });
});
