/** Adapters that need no AWS SDK. The AWS ones are imported by their own subpaths (`@vectora/core/adapters/s3`). */
export * from "./fs-blob-store.js";
export * from "./live-http.js";
export * from "./replay-http.js";
