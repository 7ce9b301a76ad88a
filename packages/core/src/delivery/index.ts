/**
 * Delivery by email: the newsletter as a MIME message (`mime.ts`, `plain-text.ts`), the once-per-issue send claim
 * (`claim.ts`) and the delivery step (`deliver.ts`). No AWS SDK here: the mailer is a port.
 */
export { readClaims, SendClaim } from "./claim.js";
export { type DeliverIssueOptions, DeliveryNotReadyError, deliverIssue } from "./deliver.js";
export {
  buildNewsletterMime,
  encodeHeaderWords,
  type NewsletterEmail,
  quotedPrintable,
  rfc5322Date,
} from "./mime.js";
export { markdownToText } from "./plain-text.js";
