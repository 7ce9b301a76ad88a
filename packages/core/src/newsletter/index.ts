/** The newsletter: one validated JSON document per issue, rendered to Markdown and HTML. */
export * from "./document.js";
export * from "./html.js";
export * from "./markdown.js";
