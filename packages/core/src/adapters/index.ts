/** Adapters that need no AWS SDK. The AWS ones are imported by their own subpaths (`@vectora/core/adapters/s3`). */
export { FsBlobStore } from "./fs-blob-store.js";
export { DEFAULT_USER_AGENT, type LiveHttpOptions, LiveHttpTransport } from "./live-http.js";
export { type Recording, RecordingHttpTransport, ReplayHttpTransport, recordingSlug } from "./replay-http.js";
