/**
 * The test setup every package shares; each package's `vitest.config.ts` is this file. A package that needs
 * more merges its own on top (`mergeConfig(shared, defineConfig({ … }))`).
 */
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    reporters: ["default", ["json", { outputFile: ".vitest/results.json" }]],
    testTimeout: 20_000,
    // The SDK warns once per process that its 2027 releases will need Node 22; tests run on Node 20 on purpose.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    hookTimeout: 30_000,
    // No network beyond 127.0.0.1: any other connection throws, naming the host.
    setupFiles: ["@vectora/testing/no-network"],
  },
});
