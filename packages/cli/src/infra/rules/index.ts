/** Every infra rule, in the order `vectora infra check` runs and prints them. */
import { bucketEncrypted, bucketPrivate, bucketRetained, bucketTlsOnly, bucketVersioned } from "./buckets.js";
import { githubOidcTrust } from "./github-oidc-trust.js";
import { iamNoWildcard } from "./iam-no-wildcard.js";
import { functionLogRetention, reservedConcurrencyConditional, runtimeSupported } from "./lambda.js";
import { functionVersioned, invokeThroughAlias } from "./lambda-release.js";
import { paramsSupplied } from "./params-supplied.js";
import { refsResolve } from "./refs-resolve.js";
import { reservationFitsAccount } from "./reservation-fits-account.js";
import type { Rule } from "./types.js";

export const ALL_RULES: readonly Rule[] = [
  refsResolve,
  paramsSupplied,
  bucketPrivate,
  bucketEncrypted,
  bucketVersioned,
  bucketTlsOnly,
  bucketRetained,
  iamNoWildcard,
  githubOidcTrust,
  functionLogRetention,
  reservedConcurrencyConditional,
  reservationFitsAccount,
  runtimeSupported,
  functionVersioned,
  invokeThroughAlias,
];

export type { CheckContext, Finding, Rule } from "./types.js";
export {
  bucketEncrypted,
  bucketPrivate,
  bucketRetained,
  bucketTlsOnly,
  bucketVersioned,
  functionLogRetention,
  functionVersioned,
  githubOidcTrust,
  iamNoWildcard,
  invokeThroughAlias,
  paramsSupplied,
  refsResolve,
  reservationFitsAccount,
  reservedConcurrencyConditional,
  runtimeSupported,
};
