/**
 * The S3 bucket rules: private, encrypted, versioned, TLS-only and retained. Each looks at every AWS::S3::Bucket.
 */
import { asList, field, intrinsicOf, isRecord, refName, renderString } from "../intrinsics.js";
import { eachResourceRule, resourcesOfType } from "./types.js";

/** A rule that checks each AWS::S3::Bucket of a template (see {@link eachResourceRule}). */
const bucketRule = (spec: Omit<Parameters<typeof eachResourceRule>[0], "resourceType">) =>
  eachResourceRule({ ...spec, resourceType: "AWS::S3::Bucket" });
const isTrue = (v: unknown) => v === true || v === "true";

const PUBLIC_ACCESS_FLAGS = [
  "BlockPublicAcls",
  "BlockPublicPolicy",
  "IgnorePublicAcls",
  "RestrictPublicBuckets",
];

export const bucketPrivate = bucketRule({
  id: "bucket-private",
  summary:
    "every bucket sets all four PublicAccessBlockConfiguration flags to true and no canned ACL but Private",
  check(bucket) {
    const problems: string[] = [];
    const block = bucket.Properties?.["PublicAccessBlockConfiguration"];
    const off = PUBLIC_ACCESS_FLAGS.filter((flag) => !isRecord(block) || !isTrue(block[flag]));
    if (off.length > 0) problems.push(`PublicAccessBlockConfiguration: ${off.join(", ")} not true`);
    // A canned ACL such as PublicRead or AuthenticatedRead grants access the public-access blocks are meant
    // to forbid (and fails outright with BucketOwnerEnforced). Absent or Private is the only safe value.
    const acl = bucket.Properties?.["AccessControl"];
    if (acl !== undefined && acl !== "Private")
      problems.push(
        `AccessControl is ${typeof acl === "string" ? acl : JSON.stringify(acl)}: only Private (or no AccessControl) keeps the bucket private`,
      );
    return problems;
  },
});

export const bucketVersioned = bucketRule({
  id: "bucket-versioned",
  summary: "every bucket has VersioningConfiguration Status Enabled",
  check(bucket) {
    // Versioning is what lets an overwritten config, item file or Lambda zip be recovered.
    const status = field(bucket.Properties, "VersioningConfiguration", "Status");
    if (status === "Enabled") return undefined;
    return status === undefined
      ? "no VersioningConfiguration Status Enabled: overwritten or deleted objects cannot be recovered"
      : `VersioningConfiguration Status is ${typeof status === "string" ? status : JSON.stringify(status)}, not Enabled`;
  },
});

const SSE_ALGORITHMS = new Set(["AES256", "aws:kms", "aws:kms:dsse"]);

export const bucketEncrypted = bucketRule({
  id: "bucket-encrypted",
  summary: "every bucket declares default encryption (AES256 or aws:kms)",
  check(bucket) {
    const rules = field(bucket.Properties, "BucketEncryption", "ServerSideEncryptionConfiguration");
    const ok =
      Array.isArray(rules) &&
      rules.some((r) =>
        SSE_ALGORITHMS.has(String(field(r, "ServerSideEncryptionByDefault", "SSEAlgorithm"))),
      );
    return ok
      ? undefined
      : "no BucketEncryption.ServerSideEncryptionConfiguration with SSEAlgorithm AES256 or aws:kms";
  },
});

/** True when `value` (a policy's Bucket, or a statement Resource) refers to the bucket `id` in any form. */
function mentionsBucket(value: unknown, id: string, bucketName: string | undefined): boolean {
  const rendered = renderString(value);
  if (rendered === undefined) {
    const i = intrinsicOf(value);
    return i
      ? mentionsBucket(i.arg, id, bucketName)
      : Array.isArray(value) && value.some((v) => mentionsBucket(v, id, bucketName));
  }
  return (
    rendered.includes(`\${${id}}`) ||
    rendered.includes(`\${${id}.`) ||
    (bucketName !== undefined && rendered.includes(bucketName))
  );
}

/** A Deny-all-principals statement on aws:SecureTransport false that covers the bucket's objects. */
function deniesInsecureTransport(statement: unknown, id: string, bucketName: string | undefined): boolean {
  if (!isRecord(statement) || statement["Effect"] !== "Deny") return false;
  const principal = statement["Principal"];
  const everyone = principal === "*" || (isRecord(principal) && asList(principal["AWS"]).includes("*"));
  const actions = asList(statement["Action"]);
  const allActions = actions.includes("s3:*") || actions.includes("*");
  const secure = field(statement, "Condition", "Bool", "aws:SecureTransport");
  const onInsecure = secure === false || secure === "false";
  const resources = asList(statement["Resource"]);
  const coversObjects = resources.some(
    (r) => mentionsBucket(r, id, bucketName) && (renderString(r) ?? "").endsWith("/*"),
  );
  return everyone && allActions && onInsecure && coversObjects;
}

export const bucketTlsOnly = bucketRule({
  id: "bucket-tls-only",
  summary: "every bucket has a bucket policy denying all requests with aws:SecureTransport false",
  check(bucket, id, template) {
    const bucketName = renderString(bucket.Properties?.["BucketName"]);
    const mine = resourcesOfType(template, "AWS::S3::BucketPolicy").filter(([, p]) => {
      const target = p.Properties?.["Bucket"];
      return refName(target) === id || (bucketName !== undefined && renderString(target) === bucketName);
    });
    const statements = mine.flatMap(([, p]) => asList(field(p.Properties, "PolicyDocument", "Statement")));
    if (statements.some((s) => deniesInsecureTransport(s, id, bucketName))) return undefined;
    return mine.length === 0
      ? "no AWS::S3::BucketPolicy for this bucket, so plain-HTTP requests are not denied"
      : 'bucket policy has no Deny of "s3:*" for Principal "*" on the bucket\'s objects when aws:SecureTransport is "false"';
  },
});

export const bucketRetained = bucketRule({
  id: "bucket-retained",
  summary: "every bucket has DeletionPolicy and UpdateReplacePolicy Retain",
  check(bucket) {
    const missing: string[] = [];
    if (bucket.DeletionPolicy !== "Retain" && bucket.DeletionPolicy !== "RetainExceptOnCreate")
      missing.push("DeletionPolicy");
    if (bucket.UpdateReplacePolicy !== "Retain") missing.push("UpdateReplacePolicy");
    return missing.length === 0
      ? undefined
      : `${missing.join(" and ")} not Retain: deleting or replacing the stack would delete the bucket's data`;
  },
});
