/**
 * @vectora/core — the Vectora Inbox domain. Nothing exported from here imports the AWS SDK; the AWS
 * adapters live under `@vectora/core/adapters/*`.
 */
export * from "./ports/blob-store.js";
export * from "./config/schema.js";
export * from "./config/load.js";
export * from "./domain/items.js";
export * from "./domain/layout.js";
export * from "./domain/normalized.js";
