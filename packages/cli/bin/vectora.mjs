#!/usr/bin/env node
// Installed entry point: runs the bundled CLI (built by `pnpm --filter @vectora/cli build`).
import "../dist/vectora.mjs";
