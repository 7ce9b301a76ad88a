/** Test support: the repository's config uploaded to a config bucket, as `vectora config sync` would leave it. */
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { CONFIG_SNAPSHOT_KEY, configSnapshotJson, snapshotConfigYaml } from "@vectora/core";
import { FsBlobStore } from "@vectora/core/adapters";
import { REPO_CONFIG_DIR } from "@vectora/testing";

/**
 * Puts every YAML file of the repo's `config/` into `bucket`, keyed by its path under `config/`, and the config's
 * snapshot (`config.snapshot.json`, what the Lambda reads) next to them.
 */
export async function putRepoConfig(client: S3Client, bucket: string): Promise<void> {
  for (const file of await readdir(REPO_CONFIG_DIR, { recursive: true })) {
    if (!/\.ya?ml$/.test(file)) continue;
    const key = relative(REPO_CONFIG_DIR, join(REPO_CONFIG_DIR, file)).split("\\").join("/");
    await client.send(
      new PutObjectCommand({ Bucket: bucket, Key: key, Body: await readFile(join(REPO_CONFIG_DIR, file)) }),
    );
  }
  const { snapshot } = await snapshotConfigYaml(new FsBlobStore(REPO_CONFIG_DIR));
  await client.send(
    new PutObjectCommand({ Bucket: bucket, Key: CONFIG_SNAPSHOT_KEY, Body: configSnapshotJson(snapshot) }),
  );
}
