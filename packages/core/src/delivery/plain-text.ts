/**
 * The plain-text part of the newsletter email, from its Markdown: what a mail client without HTML (or a reader
 * who prefers text) shows. Headings are underlined, links become `text <url>`, emphasis marks are dropped.
 */

/**
 * Markdown (as `renderMarkdown` writes it) to plain text.
 *
 * @example
 * ```ts
 * markdownToText("## Deals\n\n[Read →](https://x.example/a)"); // "Deals\n-----\n\nRead → <https://x.example/a>"
 * ```
 */
export function markdownToText(markdown: string): string {
  const lines = markdown.replace(/\r\n?/g, "\n").split("\n");
  const out: string[] = [];
  for (const raw of lines) {
    const heading = /^(#{1,6})\s+(.*)$/.exec(raw);
    const line = inline(heading ? heading[2]! : raw);
    if (heading) {
      out.push(
        line,
        (heading[1]!.length <= 1 ? "=" : heading[1]!.length === 2 ? "-" : "·").repeat(
          Math.min(line.length, 72),
        ),
      );
      continue;
    }
    out.push(line);
  }
  return `${out
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim()}\n`;
}

/** Links, images and emphasis of one line. */
function inline(text: string): string {
  return text
    .replace(/<!--.*?-->/g, "")
    .replace(/!\[([^\]]*)\]\(([^)\s]+)\)/g, "$1")
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_m, label: string, url: string) => `${label} <${url}>`)
    .replace(/\*\*([^*]+)\*\*/g, "$1")
    .replace(/(^|[\s(])\*([^*\s][^*]*)\*(?=$|[\s).,;:])/g, "$1$2")
    .replace(/(^|[\s(])_([^_\s][^_]*)_(?=$|[\s).,;:])/g, "$1$2")
    .replace(/\\([\\`*_{}[\]()#+\-.!>])/g, "$1");
}
