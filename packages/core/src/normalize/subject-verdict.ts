/**
 * The subject's verdict (subject.ts collects the mentions, this module weighs them): zone by zone — the title, then
 * the lead, then the body — the first zone that says something decides; then the subject-wide corrections:
 * - a molecule with non-LAI forms (leuprolide, octreotide, naltrexone…) named only in an injectable context is what
 *   the subject's OWN dosing says: "1 mg subcutaneous injection once a day" in the lead makes it not LAI;
 * - a molecule whose every marketed form is long-acting (lenacapavir, cabotegravir…) named in the title or lead,
 *   with nothing against it there, makes the subject LAI (a licence, generic deal or guideline on it);
 * - half-life-extended biologics named without any depot, implant, insert, pump or LAI platform (and
 *   half-life-extension platforms such as LAPSCOVERY or XTEN, even alone) make the subject `hle`;
 * - a stated action of hours or days in the subject ("72 hours of pain relief", "up to 3 days") outweighs depot and
 *   extended-release words unless a weeks- or months-long interval or duration is stated for the subject too;
 * - `explicit`: a months-long interval or duration, an injection and a known LAI molecule, all in the subject.
 */
import type { NonLaiClass } from "../config/schema.js";
import type { LaiSubject } from "../domain/normalized.js";
import { type Scope, scopeAt, type Zone } from "./subject-scopes.js";

export interface Mention {
  start: number;
  end: number;
  label: string;
  side: "lai" | "counter" | "hle";
  /** LAI evidence that names a depot, implant, insert, pump, LAI trademark or platform: it lifts the HLE class. */
  depot?: boolean;
  /** A near miss that decides alone (a listed product), or a daily / days-long schedule. */
  decisive?: boolean;
  /** Evidence too generic to decide alone (a broad technology word such as "drug delivery"). */
  weak?: boolean;
  /**
   * A molecule whose every form is long-acting, named without an injectable context: LAI only when nothing in the
   * subject argues against it (see the top of this file).
   */
  soft?: boolean;
  /** A molecule named in an injectable context: `mixed` when it also has non-LAI forms (or nothing is known). */
  molecule?: "lai" | "mixed";
  /** Weeks between doses (interval) or of action (duration). */
  weeks?: number;
  /** A half-life-extension platform (LAPSCOVERY, XTEN…): the HLE class even when nothing else says so. */
  hlePlatform?: boolean;
  nearMiss?: { name: string; class: NonLaiClass };
  zone: Zone;
}

interface ZoneDecision {
  verdict: "lai" | "not_lai";
  nearMiss?: { name: string; class: NonLaiClass };
  mixed: boolean;
  /** The counter-sign that decided over LAI evidence (a daily or short schedule): named first in `counter`. */
  by?: string;
}

/** Weeks from which an interval or a duration is "months-long" (an explicit LAI subject). */
const MONTHS_LONG_WEEKS = 4;

/** Weeks from which an interval or duration stated for the subject outweighs a stated action of hours or days. */
const LONG_ACTING_WEEKS = 2;

/** A stated action of hours or days ("72 hours of pain relief", "for 5 days"): see subject.ts. */
function isShortActing(m: Mention): boolean {
  return m.label.startsWith("short_acting:");
}

/** One zone's say, from its mentions that are not set aside (see the top of this file). */
function decideZone(
  live: readonly Mention[],
  depotLift: boolean,
  subjectWeeks: boolean,
): ZoneDecision | undefined {
  const lai = live.filter((m) => m.side === "lai" && !m.weak && !m.soft);
  // A near-miss molecule of another class (bupivacaine, liraglutide) argues like a counter-signal unless a depot,
  // implant or LAI platform is named with it. A short action counts only when no weeks- or months-long interval
  // or duration is stated for the subject too ("monthly depot … onset within 72 hours" stays LAI).
  const counter = live.filter(
    (m) =>
      m.side === "counter" &&
      !(m.nearMiss && !m.decisive && depotLift) &&
      !(isShortActing(m) && subjectWeeks),
  );
  if (lai.length === 0 && counter.length === 0) return undefined;
  const product = counter.find((m) => m.nearMiss && m.decisive);
  const firstLai = lai[0];
  if (
    product &&
    (!firstLai || product.start <= firstLai.start || !lai.some((m) => m.label.startsWith("trademark:")))
  )
    return { verdict: "not_lai", nearMiss: product.nearMiss!, mixed: lai.length > 0 };
  if (counter.length === 0) return { verdict: "lai", mixed: false };
  if (lai.length === 0) return notLai(counter, false);
  // Both: a daily or days-long schedule beats platform, formulation and interval words (not an LAI trademark); a
  // stated action of hours or days beats depot and extended-release words ("a bupivacaine depot providing 72
  // hours of relief" is a local anaesthetic, not an LAI).
  const schedule = counter.find((m) => m.decisive);
  if (schedule && !lai.some((m) => m.label.startsWith("trademark:")))
    return { ...notLai([schedule], true), by: schedule.label };
  return firstLai!.start < counter[0]!.start ? { verdict: "lai", mixed: true } : notLai(counter, true);
}

function notLai(counter: readonly Mention[], mixed: boolean): ZoneDecision {
  const near = counter.find((m) => m.nearMiss);
  return near?.nearMiss
    ? { verdict: "not_lai", nearMiss: near.nearMiss, mixed }
    : { verdict: "not_lai", mixed };
}

/** The subject's verdict from its mentions (sorted by offset) and the set-aside scopes. */
export function decide(mentions: readonly Mention[], scopes: readonly Scope[]): LaiSubject {
  const setAside: string[] = [];
  const live: Mention[] = [];
  for (const m of mentions) {
    const scope = scopeAt(scopes, m.start);
    if (scope) setAside.push(`${scope.kind}:${m.label}`);
    else live.push(m);
  }
  const subjectLive = live.filter((m) => m.zone !== "body");
  const depotLift = subjectLive.some((m) => m.side === "lai" && m.depot);
  const subjectWeeks = subjectLive.some(
    (m) => m.side === "lai" && !m.weak && (m.weeks ?? 0) >= LONG_ACTING_WEEKS,
  );
  const result: LaiSubject = {
    verdict: "none",
    decided_by: "none",
    evidence: [],
    counter: unique(subjectLive.filter((m) => m.side !== "lai").map((m) => m.label)),
    set_aside: unique(setAside),
    borderline: false,
  };
  for (const zone of ["title", "lead", "body"] as const) {
    const inZone = live.filter((m) => m.zone === zone);
    const decision = decideZone(inZone, depotLift, subjectWeeks);
    if (!decision) continue;
    result.verdict = decision.verdict;
    result.decided_by = zone;
    result.evidence = unique(inZone.filter((m) => m.side === "lai" && !m.soft).map((m) => m.label));
    if (decision.nearMiss) result.near_miss = decision.nearMiss;
    if (decision.by) result.counter = unique([decision.by, ...result.counter]);
    result.borderline = decision.mixed || zone === "body";
    break;
  }
  ownDosing(result, live, subjectLive, subjectWeeks);
  shortAction(result, subjectLive, subjectWeeks);
  laiFormMolecule(result, subjectLive);
  halfLifeExtended(result, subjectLive, depotLift);
  if (result.verdict === "none" && (live.some((m) => m.side === "lai") || setAside.length > 0))
    result.borderline = true;
  if (laiBySubject(result)) result.explicit = explicitLai(subjectLive);
  return result;
}

/** `true` when the title or the lead decided LAI: what the subject's own counter-signs may still overrule. */
function laiBySubject(result: LaiSubject): boolean {
  return result.verdict === "lai" && result.decided_by !== "body" && result.decided_by !== "none";
}

/** Overrules an LAI verdict of the subject: `by`, a counter-sign in its title or lead, makes it not LAI. */
function overruleLai(result: LaiSubject, by: Mention): void {
  result.verdict = "not_lai";
  result.decided_by = by.zone;
  result.evidence = [];
  result.borderline = true;
}

/**
 * A molecule with non-LAI forms, named only in an injectable context ("leuprolide acetate injection"), is what
 * the subject's own schedule says: a daily or days-long schedule in the title or lead makes it not LAI.
 */
function ownDosing(
  result: LaiSubject,
  live: readonly Mention[],
  subjectLive: readonly Mention[],
  subjectWeeks: boolean,
): void {
  if (!laiBySubject(result)) return;
  const deciding = live.filter((m) => m.zone === result.decided_by && m.side === "lai" && !m.weak && !m.soft);
  if (!deciding.every((m) => m.molecule === "mixed" && m.label.startsWith("molecule:"))) return;
  const schedule = subjectLive.find(
    (m) => m.side === "counter" && m.decisive && !m.nearMiss && !(isShortActing(m) && subjectWeeks),
  );
  if (schedule) overruleLai(result, schedule);
}

/**
 * A stated action of hours or days anywhere in the subject ("… depot" in the title, "provides 96-hour pain relief"
 * in the lead) outweighs depot, formulation and extended-release words of the other zone, unless the subject also
 * states a weeks- or months-long interval or duration, or names an LAI trademark: a days-long local anaesthetic
 * depot is not an LAI.
 */
function shortAction(result: LaiSubject, subjectLive: readonly Mention[], subjectWeeks: boolean): void {
  if (!laiBySubject(result)) return;
  const short = subjectLive.find(isShortActing);
  if (!short || subjectWeeks || subjectLive.some((m) => m.label.startsWith("trademark:"))) return;
  overruleLai(result, short);
  result.counter = unique([short.label, ...result.counter]);
}

/**
 * A molecule whose every form is long-acting, named in the title or lead with nothing there against it, makes the
 * subject LAI when no zone before the body said otherwise (a licence, generic deal or guideline names the
 * molecule, not the injection).
 */
function laiFormMolecule(result: LaiSubject, subjectLive: readonly Mention[]): void {
  if (result.verdict !== "none" && !(result.verdict === "lai" && result.decided_by === "body")) return;
  const soft = subjectLive.find((m) => m.soft);
  if (!soft || subjectLive.some((m) => m.side !== "lai" && !m.label.startsWith("weekly:"))) return;
  result.verdict = "lai";
  result.decided_by = soft.zone;
  result.evidence = unique([soft.label, ...result.evidence]);
  result.borderline = false;
}

/**
 * Half-life-extended biologics named in the subject without any depot, implant, insert, pump or LAI platform. A
 * weekly schedule alone is not the class (Brixadi is weekly): it only adds to a biologic named with it. A
 * half-life-extension platform is the class by itself.
 */
function halfLifeExtended(result: LaiSubject, subjectLive: readonly Mention[], depotLift: boolean): void {
  const hle = subjectLive.filter((m) => m.side === "hle");
  const markers = hle.filter((m) => !m.label.startsWith("weekly:"));
  const hleNearMiss = hle.find((m) => m.nearMiss)?.nearMiss;
  if (result.verdict === "lai" && markers.length > 0 && !depotLift) {
    result.verdict = "hle";
    if (hleNearMiss) result.near_miss = hleNearMiss;
  } else if (result.verdict === "not_lai" && result.near_miss?.class === "hle_biologic")
    result.verdict = "hle";
  else if (
    result.verdict === "none" &&
    markers.length > 0 &&
    (markers.length < hle.length || markers.some((m) => m.hlePlatform))
  ) {
    // "a once-weekly insulin", "a LAPSCOVERY-based drug": no LAI sign at all, but the half-life-extended class;
    // out by default, in with the switch.
    result.verdict = "hle";
    result.decided_by = hle[0]!.zone;
    result.borderline = !markers.some((m) => m.hlePlatform);
    if (hleNearMiss) result.near_miss = hleNearMiss;
  }
}

/** A months-long interval or duration, an injectable context and a known LAI molecule, all live in the subject. */
function explicitLai(subjectLive: readonly Mention[]): boolean {
  const monthsLong = subjectLive.some(
    (m) => m.side === "lai" && !m.weak && (m.weeks ?? 0) >= MONTHS_LONG_WEEKS,
  );
  const molecule = subjectLive.some((m) => m.side === "lai" && m.molecule !== undefined);
  return monthsLong && molecule;
}

function unique(labels: readonly string[]): string[] {
  return [...new Set(labels)];
}
