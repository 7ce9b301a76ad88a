/**
 * The credentials of the Lambda bundles: the execution role's, which the Lambda runtime always puts in the
 * environment (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`). The SDK clients' default chain
 * (`@aws-sdk/credential-provider-node`: environment, then SSO, ini and process profiles, web identity, container
 * and instance metadata) can never get past its first link there, yet brings STS, SSO and OIDC clients into every
 * zip (~110 kB of bundle). The Lambda build (scripts/bundle-lambda.mjs) aliases that package to this module, so the
 * bundled clients read the environment — the same first link, the SDK's own provider — and nothing else.
 * Everything outside the Lambda bundles (the CLI, tests) keeps the full chain.
 */
export { fromEnv as defaultProvider } from "@aws-sdk/credential-provider-env";
