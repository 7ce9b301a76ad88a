/** The newsletter: one validated JSON document per issue, rendered to Markdown and HTML; the archive page. */
export { renderArchive } from "./archive.js";
export { buildNewsletterDocument } from "./build.js";
export {
  EntityNames,
  LlmUsageSummary,
  NewsletterDecision,
  NewsletterDocument,
  NewsletterItem,
  type NewsletterRunInfo,
  NewsletterSection,
  NO_LLM,
  SourceScope,
  SourceToCheck,
} from "./document.js";
export { type NewsletterFiles, newsletterGeneration, readNewsletterFiles } from "./files.js";
export { llmUsageLine, scopeLines } from "./footer.js";
export { escapeHtml, renderHtml } from "./html.js";
export { renderMarkdown } from "./markdown.js";
