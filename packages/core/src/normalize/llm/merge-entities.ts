/**
 * Merges the entities named in an LLM reply into an item's rule entities, keeping only those the item's text
 * contains (with evidence spans) and skipping any that repeat or overlap a rule match.
 */
import type { ClientWatch } from "../../config/schema.js";
import {
  type EntityKind,
  EntityKinds,
  type EntityMatch,
  type NormalizedItem,
} from "../../domain/normalized.js";
import { compileWatch, matchKey } from "../matcher.js";
import { findEvidence } from "./grounding.js";
import type { LlmReplyData } from "./reply.js";

/** Adds the LLM's grounded entities to the rule entities; returns how many were dropped for lack of evidence. */
export function mergeEntities(
  item: NormalizedItem,
  reply: LlmReplyData,
  watch: ClientWatch,
): { entities: NormalizedItem["entities"]; dropped: number } {
  const compiled = compileWatch(watch);
  const entities = Object.fromEntries(
    EntityKinds.map((k) => [k, item.entities[k].map((e) => ({ ...e, evidence: [...e.evidence] }))]),
  ) as Record<EntityKind, EntityMatch[]>;
  let dropped = 0;
  for (const kind of EntityKinds) {
    const list = entities[kind];
    for (const name of reply.entities[kind]) {
      const evidence = findEvidence(item.text, name);
      if (evidence.length === 0) {
        dropped++;
        continue;
      }
      const known = kind === "companies" ? compiled.companies.lookup(name) : undefined;
      const canonical = known?.name ?? item.text.slice(evidence[0]!.start, evidence[0]!.end);
      const overlaps = list.some(
        (e) =>
          matchKey(e.name) === matchKey(canonical) ||
          e.evidence.some((s) => evidence.some((n) => n.start < s.end && s.start < n.end)),
      );
      if (overlaps) continue;
      const entity: EntityMatch = { name: canonical, evidence };
      if (known?.role) entity.role = known.role;
      list.push(entity);
    }
  }
  return { entities, dropped };
}
