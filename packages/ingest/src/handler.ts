/**
 * The Lambda entry point (bundled to dist/handler.mjs). The environment is validated at module load — the
 * cold start — so a missing variable fails with its name before any event is accepted.
 */
import { createHandler } from "./create-handler.js";

export const handler = createHandler({ env: process.env });
