#!/usr/bin/env node
/** Bundles the engine Lambda into dist/handler.mjs with the shared Lambda build (scripts/bundle-lambda.mjs). */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleLambda } from "../../../scripts/bundle-lambda.mjs";

await bundleLambda({ packageDir: join(dirname(fileURLToPath(import.meta.url)), ".."), label: "engine" });
