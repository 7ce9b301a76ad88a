/** Test support shared by the workspaces. Never imported by production code. */
export * from "./repo-paths.js";
export * from "./s3-server.js";
export * from "./temp-dir.js";
