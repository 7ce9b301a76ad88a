/**
 * reservation-fits-account: the concurrency a template reserves with each params file fits the account that
 * params file declares (`"Account": { "ConcurrentExecutions": N }`). This is the Dec 2025 failure caught at PR
 * time: reserving anything on the dev account (limit 10) failed the update and left s1-runtime in
 * UPDATE_ROLLBACK_COMPLETE.
 */
import { basename } from "node:path";
import { checkReservation } from "../../stack/concurrency.js";
import { reservedConcurrencyByFunction } from "../concurrency.js";
import { UnresolvedValueError } from "../intrinsics.js";
import type { Finding, Rule } from "./types.js";

const RULE = "reservation-fits-account";

export const reservationFitsAccount: Rule = {
  id: RULE,
  resourceTypes: ["AWS::Lambda::Function"],
  summary: "what each params file reserves fits the account it declares (Account.ConcurrentExecutions)",
  check(template, ctx) {
    const findings: Finding[] = [];
    for (const params of ctx.paramsFiles) {
      let byFunction: Record<string, number>;
      try {
        byFunction = reservedConcurrencyByFunction(template, params.values);
      } catch (error) {
        // Not computable from files (a reservation taken from a resource attribute): the report says why.
        if (error instanceof UnresolvedValueError) continue;
        throw error;
      }
      const reserving = Object.entries(byFunction).filter(([, n]) => n > 0);
      const total = reserving.reduce((sum, [, n]) => sum + n, 0);
      if (total === 0) continue;
      const list = reserving.map(([id, n]) => `${id} ${n}`).join(", ");
      const where = `${basename(params.file)} makes ${basename(template.file)} reserve ${total} (${list})`;
      if (!params.account) {
        findings.push({
          file: params.file,
          rule: RULE,
          message:
            `${where} but declares no "Account": {"ConcurrentExecutions": N}; declare the account's limit ` +
            "(aws lambda get-account-settings → AccountLimit.ConcurrentExecutions) so the reservation is checked before a deploy",
        });
        continue;
      }
      const limit = params.account.concurrentExecutions;
      // Offline, the best case: no other function of the account reserves anything.
      const verdict = checkReservation(
        { concurrentExecutions: limit, unreservedConcurrentExecutions: limit },
        total,
      );
      if (verdict.ok) continue;
      findings.push({
        file: params.file,
        rule: RULE,
        message:
          `${where} on an account limited to ${limit} concurrent executions` +
          `${params.account.source ? ` (${params.account.source})` : ""}: Lambda keeps min(100, ${limit}) = ` +
          `${verdict.floor} unreserved, and ${verdict.unreservedAfter} would be left. The deploy would fail with ` +
          `"Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution ` +
          `below its minimum value of [${verdict.floor}]." and roll the stack back. Set ReservedConcurrency to 0, ` +
          "or raise the account's quota first and update Account.ConcurrentExecutions",
      });
    }
    return findings;
  },
};
