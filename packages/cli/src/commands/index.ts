/**
 * Every verb of `vectora` — the one place its name and one-line summary are declared (`vectora --help` lists
 * them) — loaded lazily so `vectora --help` stays fast and a verb's dependencies (AWS SDK clients, the
 * browser…) load only when that verb runs. A verb's module holds its usage, flags and behaviour.
 */
import type { Command } from "../cli-kit.js";

export interface CommandEntry {
  /** `config validate`, `stack diagnose`, … */
  name: string;
  summary: string;
  load: () => Promise<Command>;
}

export const COMMANDS: CommandEntry[] = [
  {
    name: "config validate",
    summary: "Validate config/ and list every problem",
    load: async () => (await import("./config-validate.js")).default,
  },
  {
    name: "config sync",
    summary: "Upload changed config files to the config bucket (by SHA-256)",
    load: async () => (await import("./config-sync.js")).default,
  },
  {
    name: "ingest",
    summary: "Fetch a client's sources into the data store",
    load: async () => (await import("./ingest.js")).default,
  },
  {
    name: "run",
    summary: "Ingest then write the newsletter, locally by default",
    load: async () => (await import("./run.js")).default,
  },
  {
    name: "send",
    summary: "Email an issue to its readers once (SES), or write it as .eml with --dry-run",
    load: async () => (await import("./send.js")).default,
  },
  {
    name: "history",
    summary: "List a client's past issues: window, items per section, delivered or not",
    load: async () => (await import("./history.js")).default,
  },
  {
    name: "triage",
    summary: "Score raw items from a JSON Lines file without fetching",
    load: async () => (await import("./triage.js")).default,
  },
  {
    name: "sources extract",
    summary: "Show the news entries the generic extractor finds on a saved page",
    load: async () => (await import("./sources-extract.js")).default,
  },
  {
    name: "sources discover",
    summary: "Find a company's news listing and feeds from its homepage; print a catalog entry",
    load: async () => (await import("./sources-discover.js")).default,
  },
  {
    name: "sources check",
    summary: "Read catalog sources as the runs do and report status, method, entries, dates",
    load: async () => (await import("./sources-check.js")).default,
  },
  {
    name: "sources add",
    summary: "Add a company in one command: its record, its listing found, an active catalog entry",
    load: async () => (await import("./sources-add.js")).default,
  },
  {
    name: "sources activate",
    summary: "Make a catalog source active: find its listing, write its kind and url",
    load: async () => (await import("./sources-activate.js")).default,
  },
  {
    name: "sources reject",
    summary: "Mark a catalog source rejected, with the reason",
    load: async () => (await import("./sources-reject.js")).default,
  },
  {
    name: "sources health",
    summary: "Which sources are sick: failing twice, or silent after yielding entries",
    load: async () => (await import("./sources-health.js")).default,
  },
  {
    name: "eval",
    summary: "Check the engine's verdicts against labelled items",
    load: async () => (await import("./eval.js")).default,
  },
  {
    name: "infra check",
    summary: "Check the CloudFormation templates without AWS",
    load: async () => (await import("./infra-check.js")).default,
  },
  {
    name: "stack status",
    summary: "Show each stack's state",
    load: async () => (await import("./stack-status.js")).default,
  },
  {
    name: "stack diagnose",
    summary: "Find why a stack failed and how to fix it",
    load: async () => (await import("./stack-diagnose.js")).default,
  },
  {
    name: "stack causes",
    summary: "List the failure causes the stack doctor knows, with their AWS texts and fixes",
    load: async () => (await import("./stack-causes.js")).default,
  },
  {
    name: "stack preflight",
    summary: "Check a template against the account before deploying",
    load: async () => (await import("./stack-preflight.js")).default,
  },
  {
    name: "stack fix",
    summary: "Recover stuck stacks so the deploy phase can run (never deploys)",
    load: async () => (await import("./stack-fix.js")).default,
  },
  {
    name: "stack deploy",
    summary: "Deploy the stacks in order, recovering stuck states",
    load: async () => (await import("./stack-deploy.js")).default,
  },
  {
    name: "e2e",
    summary: "End-to-end test: a deployed environment (--env), or the packaged zips without AWS (--local)",
    load: async () => (await import("./e2e.js")).default,
  },
  {
    name: "rollback",
    summary: "Move the functions' live alias back to an earlier version",
    load: async () => (await import("./rollback.js")).default,
  },
  {
    name: "package",
    summary: "Bundle the Lambdas into zips and check their size budgets",
    load: async () => (await import("./package.js")).default,
  },
];
