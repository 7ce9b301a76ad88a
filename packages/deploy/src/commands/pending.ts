import type { Command } from "../cli-kit.js";

/** Placeholder for a verb whose phase is not built yet: says so and exits 1. Replaced by the real module. */
export function pending(name: string, summary: string): Command {
  return {
    name,
    summary,
    usage: `Usage: vectora ${name} (not available yet)`,
    async run(_argv, io) {
      io.err(`vectora ${name}: not available in this version yet\n`);
      return 1;
    },
  };
}
