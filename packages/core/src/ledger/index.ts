/**
 * `@vectora/core/ledger` — what each client was sent: one entry per issue in the data store (items, window and
 * why, the ingest runs it saw, its delivery), the window of an issue computed from it, and reading and writing it.
 */
export { Delivery, LedgerEntry, LedgerItem } from "./entry.js";
export {
  describeWindowBasis,
  type IssueWindow,
  type IssueWindowInput,
  issueWindow,
  WindowBasis,
} from "./issue-window.js";
export {
  listIssueDates,
  planIssue,
  type ReadLedgerResult,
  readLedger,
  readLedgerEntry,
  recordDelivery,
  writeLedgerEntry,
} from "./ledger-store.js";
