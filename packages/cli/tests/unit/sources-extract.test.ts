/** `vectora sources extract` on the saved listing pages of fixtures/listings, through the CLI's `main`. */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT, runVectora } from "../support/cli.js";

const page = (file: string) => join(REPO_ROOT, "fixtures/listings", file);

/** `vectora sources extract --html fixtures/listings/<file> --url <url> <flags…>`. */
const extract = (file: string, url: string, ...flags: string[]) =>
  runVectora(["sources", "extract", "--html", page(file), "--url", url, ...flags]);

describe("vectora sources extract", () => {
  it("prints the entries as a table, then one line of diagnostics and what was left out", async () => {
    const { code, out, err } = await extract(
      "korean-board.html",
      "https://www.hanbitdepot.co.kr/kor/pr/news.php",
    );
    expect(code, err).toBe(0);
    const lines = out.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^date {8}title +url$/);
    expect(lines[1]).toMatch(
      /^2025-12-15 {2}한빛디포, 1개월 지속형 리스페리돈 주사제 HB-201 임상 3상 첫 환자 투약 +https:\/\/www\.hanbitdepot\.co\.kr\/kor\/pr\/view\.php\?idx=131&page=1$/,
    );
    expect(lines.slice(1, 6).map((l) => l.slice(0, 10))).toEqual([
      "2025-12-15",
      "2025-12-09",
      "2025-12-02",
      "2025-11-20",
      "2025-11-14",
    ]);
    expect(out).toMatch(
      /\n5 entries \(5 dated, 0 undated\) · method generic · \d+ blocks in \d+ groups considered · chosen …>table\.board_list>tbody>tr \(6 blocks, score [\d.]+\)/,
    );
    expect(out).toContain("slashed dates dmy (page language ko)");
    expect(out).toContain(
      '  left out (undated in dated list): "보도자료 게시판 이용 안내" https://www.hanbitdepot.co.kr/kor/pr/view.php?idx=1&page=1',
    );
  });

  it("--json prints only the array of {title, url, published_at, method}", async () => {
    const { code, out } = await extract(
      "pdf-table.html",
      "https://ir.arcadiadepot.com/press-releases",
      "--json",
    );
    expect(code).toBe(0);
    const rows = JSON.parse(out) as Record<string, unknown>[];
    expect(rows).toHaveLength(5);
    expect(rows[1]).toEqual({
      title: "Arcadia Depot Sciences to Present at the 44th Annual J.P. Morgan Healthcare Conference",
      url: "https://ir.arcadiadepot.com/static-files/2f9b7d10-3c44-4a2e-8b0c-5e6d7f8a9b02.pdf",
      published_at: "2025-12-09",
      method: "generic",
    });
    expect(rows.map((r) => r["published_at"])).toEqual([
      "2025-12-15",
      "2025-12-09",
      "2025-12-01",
      "2025-11-24",
      "2025-10-06",
    ]);
  });

  it("--date-order overrides the page's evidence for slashed dates a part above 12 does not settle", async () => {
    const { out } = await extract(
      "pdf-table.html",
      "https://ir.arcadiadepot.com/press-releases",
      "--json",
      "--date-order",
      "dmy",
    );
    const dates = (JSON.parse(out) as { published_at: string }[]).map((r) => r.published_at);
    expect(dates).toEqual(["2025-12-15", "2025-09-12", "2025-01-12", "2025-11-24", "2025-06-10"]);
  });

  it("exits 1 with the reason on a JavaScript shell", async () => {
    const { code, out, err } = await extract(
      "js-shell.html",
      "https://www.vireolongacting.com/newsroom",
      "--json",
    );
    expect(code).toBe(1);
    expect(out).toBe("");
    expect(err).toMatch(/^vectora sources extract: .*js-shell\.html: listing is rendered by JavaScript \(/);
  });

  it("exits 1 when the file cannot be read, 2 on a missing or relative --url", async () => {
    const missing = await runVectora([
      "sources",
      "extract",
      "--html",
      "nope.html",
      "--url",
      "https://a.test/",
    ]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/cannot read .*nope\.html: ENOENT/);
    const noUrl = await runVectora(["sources", "extract", "--html", page("js-shell.html")]);
    expect(noUrl.code).toBe(2);
    expect(noUrl.err).toContain("--url URL is required");
    const relative = await runVectora([
      "sources",
      "extract",
      "--html",
      page("js-shell.html"),
      "--url",
      "/news",
    ]);
    expect(relative.code).toBe(2);
    expect(relative.err).toContain('--url expects an absolute http(s) URL, got "/news"');
  });

  it("is listed in the verbs and in the sources group", async () => {
    const help = await runVectora(["--help"]);
    expect(help.out).toMatch(
      /\n {2}sources extract +Show the news entries the generic extractor finds on a saved page\n/,
    );
    const group = await runVectora(["sources"]);
    expect(group.code).toBe(2);
    expect(group.err).toContain(
      '"sources" needs a sub-verb (sub-verbs of sources: extract, discover, check, add, activate, reject, health)',
    );
  });
});
