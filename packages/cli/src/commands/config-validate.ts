import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { ConfigError, formatIssue, loadConfigYaml } from "@vectora/core";
import { FsBlobStore } from "@vectora/core/adapters";
import { defineCommand, JSON_FLAG } from "../cli-kit.js";

export default defineCommand({
  usage: [
    "Usage: vectora config validate [--dir config] [--json]",
    "",
    "Validates every file of the config directory (canonical scopes, event types, sources, clients) and",
    "cross-checks references. Exit 0 when valid, 1 with the complete list of problems otherwise.",
  ].join("\n"),
  flags: {
    dir: { type: "string", default: "config" },
    ...JSON_FLAG,
  },
  async run(values, io) {
    const dir = resolve(io.cwd, values.dir);
    const label = `${values.dir.replace(/\/+$/, "")}/`;
    // A wrong --dir would otherwise read as nine "file is missing" problems: say the one thing that is wrong.
    const found = await stat(dir).catch(() => undefined);
    if (!found?.isDirectory()) {
      const message = `config directory ${values.dir} ${found ? "is not a directory" : "not found"}`;
      if (values.json)
        io.out(`${JSON.stringify({ valid: false, issues: [{ file: label, path: "", message }] })}\n`);
      else io.err(`${message}\n`);
      return 1;
    }
    try {
      const config = await loadConfigYaml(new FsBlobStore(dir), { label });
      if (values.json) {
        io.out(
          `${JSON.stringify({ valid: true, version: config.version, files: config.files, clients: Object.keys(config.clients), notices: config.notices ?? [] })}\n`,
        );
      } else {
        const statuses = (["active", "candidate", "rejected"] as const).map(
          (status) => config.catalog.filter((entry) => entry.status === status).length,
        );
        io.out(
          `${label} is valid: ${Object.keys(config.files).length} files, ${statuses[0]} active sources ` +
            `(catalog: ${statuses[1]} candidates, ${statuses[2]} rejected), ` +
            `${Object.keys(config.clients).length} client(s) [${Object.keys(config.clients).join(", ")}], version ${config.version}\n`,
        );
        for (const notice of config.notices ?? []) io.out(`  note: ${formatIssue(notice)}\n`);
      }
      return 0;
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      if (values.json) io.out(`${JSON.stringify({ valid: false, issues: error.issues })}\n`);
      else
        io.err(
          `${label} is invalid (${error.issues.length} problem(s)):\n${error.issues.map((i) => `  ${formatIssue(i)}`).join("\n")}\n`,
        );
      return 1;
    }
  },
});
