/** Every infra rule, in the order `vectora infra check` runs and prints them. */
import { bucketEncrypted, bucketPrivate, bucketRetained, bucketTlsOnly, bucketVersioned } from "./buckets.js";
import { githubOidcTrust } from "./github-oidc-trust.js";
import { iamNoWildcard } from "./iam-no-wildcard.js";
import { functionLogRetention, reservedConcurrencyConditional, runtimeSupported } from "./lambda.js";
import { functionVersioned, invokeThroughAlias } from "./lambda-release.js";
import {
  alarmHasAction,
  lambdaTaskRetry,
  prodScheduleEnabled,
  stateMachineConcurrencyFitsAccount,
  stateMachineValid,
} from "./orchestration.js";
import { paramsSupplied } from "./params-supplied.js";
import { refsResolve } from "./refs-resolve.js";
import { reservationFitsAccount } from "./reservation-fits-account.js";
import { sesIdentityCoversSender } from "./ses-identity.js";
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
  stateMachineValid,
  lambdaTaskRetry,
  alarmHasAction,
  prodScheduleEnabled,
  stateMachineConcurrencyFitsAccount,
  sesIdentityCoversSender,
];

export type { CheckContext, Finding, Rule } from "./types.js";
export {
  alarmHasAction,
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
  lambdaTaskRetry,
  paramsSupplied,
  prodScheduleEnabled,
  refsResolve,
  reservationFitsAccount,
  reservedConcurrencyConditional,
  runtimeSupported,
  sesIdentityCoversSender,
  stateMachineConcurrencyFitsAccount,
  stateMachineValid,
};
