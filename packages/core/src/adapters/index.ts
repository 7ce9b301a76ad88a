/** Adapters that need no AWS SDK. The AWS ones are imported by their own subpaths (`@vectora/core/adapters/s3`). */
export { FsBlobStore } from "./fs-blob-store.js";
export { type LiveHttpOptions, LiveHttpTransport, withUserAgent } from "./live-http.js";
export { RecordingHttpTransport, ReplayHttpTransport } from "./replay-http.js";
export { StoreMailer } from "./store-mailer.js";
