/**
 * Test support shared by the workspaces. Never imported by the Lambdas; the CLI loads it only for
 * `vectora e2e --local` (the local S3 server), a development verb of the repository.
 */
export { RECORDINGS_DIR, REPO_CONFIG_DIR, REPO_ROOT } from "./repo-paths.js";
export { S3_SERVER_CREDENTIALS, type S3Server, type S3ServerOptions, startS3Server } from "./s3-server.js";
export { copyToTempDir, makeTempDir, type TempDir } from "./temp-dir.js";
