/**
 * @vectora/core — the Vectora Inbox domain. Nothing exported from here imports the AWS SDK; the AWS
 * adapters live under `@vectora/core/adapters/*`.
 */

export * from "./config/load.js";
export * from "./config/schema.js";
export * from "./domain/items.js";
export * from "./domain/layout.js";
export * from "./domain/normalized.js";
export * from "./engine/index.js";
export * from "./ingest/index.js";
export * from "./lambda/log-level.js";
export * from "./newsletter/index.js";
export * from "./normalize/index.js";
export * from "./pipeline/index.js";
export * from "./ports/blob-store.js";
export * from "./ports/http-transport.js";
export * from "./ports/llm.js";
export * from "./ports/secrets.js";
export * from "./util/map-limited.js";
