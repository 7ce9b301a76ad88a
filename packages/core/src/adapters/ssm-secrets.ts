/**
 * The SSM Parameter Store adapter of the secrets port. Values are read with decryption (SecureString) once per
 * instance and cached; a missing parameter answers `undefined` so the caller can fall back (PubMed without a
 * key runs at the lower rate), while access or network failures reject with the parameter name.
 */
import { GetParameterCommand, SSMClient, type SSMClientConfig } from "@aws-sdk/client-ssm";
import type { SecretName, Secrets } from "../ports/secrets.js";

export interface SsmSecretsOptions {
  client: SSMClient;
  /** Logical secret → parameter name (`pubmed_api_key` → `/vectora-inbox/dev/pubmed-api-key`). Unmapped → undefined. */
  parameters: Partial<Record<SecretName, string>>;
}

/** Creates an SSM client (region and credentials from the environment unless given). */
export function createSsmClient(options: SSMClientConfig = {}): SSMClient {
  return new SSMClient(options);
}

/** {@link Secrets} from SSM Parameter Store. */
export class SsmSecrets implements Secrets {
  private readonly cache = new Map<SecretName, Promise<string | undefined>>();

  constructor(private readonly options: SsmSecretsOptions) {}

  get(name: SecretName): Promise<string | undefined> {
    let value = this.cache.get(name);
    if (!value) {
      value = this.fetch(name);
      this.cache.set(name, value);
      // A failed read is not cached: the next run (or retry) asks again.
      value.catch(() => this.cache.delete(name));
    }
    return value;
  }

  private async fetch(name: SecretName): Promise<string | undefined> {
    const parameter = this.options.parameters[name];
    if (!parameter) return undefined;
    try {
      const output = await this.options.client.send(
        new GetParameterCommand({ Name: parameter, WithDecryption: true }),
      );
      const value = output.Parameter?.Value;
      return value ? value : undefined;
    } catch (error) {
      const err = error as { name?: string; message?: string };
      if (err.name === "ParameterNotFound") return undefined;
      throw new Error(
        `cannot read SSM parameter ${parameter} (secret ${name}): ${err.name ?? "Error"}: ${err.message ?? String(error)}`,
      );
    }
  }
}
