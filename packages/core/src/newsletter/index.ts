/** The newsletter: one validated JSON document per issue, rendered to Markdown and HTML. */
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
} from "./document.js";
export { llmUsageLine, scopeLines } from "./footer.js";
export { escapeHtml, renderHtml } from "./html.js";
export { renderMarkdown } from "./markdown.js";
