/**
 * The S3 bucket rules: private, encrypted, versioned, TLS-only and retained. Each looks at every AWS::S3::Bucket.
 */
import { intrinsicOf, isRecord, refName, renderString } from "../intrinsics.js";
import { eachResourceRule, resourcesOfType } from "./types.js";

const BUCKET = "AWS::S3::Bucket";
const isTrue = (v: unknown) => v === true || v === "true";

const PUBLIC_ACCESS_FLAGS = [
  "BlockPublicAcls",
  "BlockPublicPolicy",
  "IgnorePublicAcls",
  "RestrictPublicBuckets",
];

export const bucketPrivate = eachResourceRule({
  id: "bucket-private",
  resourceType: BUCKET,
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

export const bucketVersioned = eachResourceRule({
  id: "bucket-versioned",
  resourceType: BUCKET,
  summary: "every bucket has VersioningConfiguration Status Enabled",
  check(bucket) {
    // Versioning is what lets an overwritten config, item file or Lambda zip be recovered.
    const versioning = bucket.Properties?.["VersioningConfiguration"];
    const status = isRecord(versioning) ? versioning["Status"] : undefined;
    if (status === "Enabled") return undefined;
    return status === undefined
      ? "no VersioningConfiguration Status Enabled: overwritten or deleted objects cannot be recovered"
      : `VersioningConfiguration Status is ${typeof status === "string" ? status : JSON.stringify(status)}, not Enabled`;
  },
});

const SSE_ALGORITHMS = new Set(["AES256", "aws:kms", "aws:kms:dsse"]);

export const bucketEncrypted = eachResourceRule({
  id: "bucket-encrypted",
  resourceType: BUCKET,
  summary: "every bucket declares default encryption (AES256 or aws:kms)",
  check(bucket) {
    const encryption = bucket.Properties?.["BucketEncryption"];
    const rules = isRecord(encryption) ? encryption["ServerSideEncryptionConfiguration"] : undefined;
    const ok =
      Array.isArray(rules) &&
      rules.some((r) => {
        const byDefault = isRecord(r) ? r["ServerSideEncryptionByDefault"] : undefined;
        return isRecord(byDefault) && SSE_ALGORITHMS.has(String(byDefault["SSEAlgorithm"]));
      });
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

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

/** A Deny-all-principals statement on aws:SecureTransport false that covers the bucket's objects. */
function deniesInsecureTransport(statement: unknown, id: string, bucketName: string | undefined): boolean {
  if (!isRecord(statement) || statement["Effect"] !== "Deny") return false;
  const principal = statement["Principal"];
  const everyone = principal === "*" || (isRecord(principal) && asList(principal["AWS"]).includes("*"));
  const actions = asList(statement["Action"]);
  const allActions = actions.includes("s3:*") || actions.includes("*");
  const condition = statement["Condition"];
  const bool = isRecord(condition) ? condition["Bool"] : undefined;
  const secure = isRecord(bool) ? bool["aws:SecureTransport"] : undefined;
  const onInsecure = secure === false || secure === "false";
  const resources = asList(statement["Resource"]);
  const coversObjects = resources.some(
    (r) => mentionsBucket(r, id, bucketName) && (renderString(r) ?? "").endsWith("/*"),
  );
  return everyone && allActions && onInsecure && coversObjects;
}

export const bucketTlsOnly = eachResourceRule({
  id: "bucket-tls-only",
  resourceType: BUCKET,
  summary: "every bucket has a bucket policy denying all requests with aws:SecureTransport false",
  check(bucket, id, template) {
    const bucketName = renderString(bucket.Properties?.["BucketName"]);
    const mine = resourcesOfType(template, "AWS::S3::BucketPolicy").filter(([, p]) => {
      const target = p.Properties?.["Bucket"];
      return refName(target) === id || (bucketName !== undefined && renderString(target) === bucketName);
    });
    const statements = mine.flatMap(([, p]) => {
      const doc = p.Properties?.["PolicyDocument"];
      return isRecord(doc) ? asList(doc["Statement"]) : [];
    });
    if (statements.some((s) => deniesInsecureTransport(s, id, bucketName))) return undefined;
    return mine.length === 0
      ? "no AWS::S3::BucketPolicy for this bucket, so plain-HTTP requests are not denied"
      : 'bucket policy has no Deny of "s3:*" for Principal "*" on the bucket\'s objects when aws:SecureTransport is "false"';
  },
});

export const bucketRetained = eachResourceRule({
  id: "bucket-retained",
  resourceType: BUCKET,
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
