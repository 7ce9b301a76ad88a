/**
 * The secrets port: a few named secrets (the PubMed API key) read at run time, never from config files.
 * Names are logical (`pubmed_api_key`); each adapter maps them to where the value lives (an SSM parameter,
 * an environment variable).
 */

/** Logical secret names the pipeline asks for. */
export type SecretName = "pubmed_api_key";

export interface Secrets {
  /** The secret's value, or `undefined` when it is not configured or does not exist. Other failures reject. */
  get(name: SecretName): Promise<string | undefined>;
}

/** No secrets at all: every lookup answers `undefined` (local runs, replays). */
export class NoSecrets implements Secrets {
  async get(): Promise<string | undefined> {
    return undefined;
  }
}

/** Secrets from environment variables: `pubmed_api_key` → `PUBMED_API_KEY` unless mapped otherwise. */
export class EnvSecrets implements Secrets {
  constructor(
    private readonly env: Record<string, string | undefined>,
    private readonly names: Partial<Record<SecretName, string>> = {},
  ) {}

  async get(name: SecretName): Promise<string | undefined> {
    const variable = this.names[name] ?? name.toUpperCase();
    const value = this.env[variable];
    return value ? value : undefined;
  }
}
