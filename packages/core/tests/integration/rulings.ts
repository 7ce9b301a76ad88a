/**
 * Rulings pinned end to end: hand-written news lines judged with a real watch (`support/judge.ts`), and what the
 * judgement must say of them — kept, dropped for a reason, merged into the release they retell, typed.
 */
import { expect } from "vitest";
import type { ClientWatch, TriageOutput } from "../../src/index.js";
import { judgeAll, type Line } from "../support/judge.js";

/** Lines judged together, every one kept; `check` says what else each judgement must say. */
export interface KeepRuling {
  kind: "keep";
  case: string;
  lines: Line[];
  check?: (out: TriageOutput) => void;
  /** Judged for a client whose relevance settings differ from the watch's this way. */
  relevance?: Partial<ClientWatch["client"]["relevance"]>;
}

/** Lines judged one by one, each dropped for `reason` (its first reason: exactly, or matching the pattern). */
export interface DropRuling {
  kind: "drop";
  case: string;
  lines: Line[];
  reason: string | RegExp;
}

/** A company's release and the trade press's story of the same event, judged together: the story merges into it. */
export interface MergeRuling {
  kind: "merge";
  case: string;
  release: Line & { url: string };
  story: Line;
  /** What else the story's judgement must say. */
  check?: (story: TriageOutput) => void;
}

/** Lines judged together, each of `event_type` (and, where `keep` is given, kept or dropped). */
export interface TypeRuling {
  kind: "type";
  case: string;
  lines: Line[];
  event_type: string;
  keep?: boolean;
}

export type Ruling = KeepRuling | DropRuling | MergeRuling | TypeRuling;

/** The rulings of one rule (or of one kind of mistake), under its title. */
export interface RulingGroup {
  title: string;
  rulings: Ruling[];
}

const kept = (out: TriageOutput) => expect(out.keep, `${out.title}: ${out.reasons.join()}`).toBe(true);

/** Judges the ruling's lines with `watch` and checks what the ruling says of them. */
export function expectRuling(ruling: Ruling, watch: ClientWatch): void {
  switch (ruling.kind) {
    case "keep": {
      const { relevance } = ruling;
      const judgedBy = relevance
        ? { ...watch, client: { ...watch.client, relevance: { ...watch.client.relevance, ...relevance } } }
        : watch;
      for (const out of judgeAll(ruling.lines, judgedBy)) {
        kept(out);
        ruling.check?.(out);
      }
      return;
    }
    case "drop":
      for (const line of ruling.lines) {
        const [out] = judgeAll([line], watch);
        expect(out!.keep, `${out!.title}: ${out!.reasons.join()}`).toBe(false);
        if (typeof ruling.reason === "string") expect(out!.reasons[0]).toBe(ruling.reason);
        else expect(out!.reasons[0]).toMatch(ruling.reason);
      }
      return;
    case "merge": {
      const [release, story] = judgeAll([ruling.release, ruling.story], watch);
      ruling.check?.(story!);
      kept(release!);
      expect(story!.keep).toBe(false);
      expect(story!.reasons[0]).toBe(`duplicate_of:${ruling.release.url}`);
      return;
    }
    case "type":
      for (const out of judgeAll(ruling.lines, watch)) {
        expect(out.event_type, out.title).toBe(ruling.event_type);
        if (ruling.keep !== undefined)
          expect(out.keep, `${out.title}: ${out.reasons.join()}`).toBe(ruling.keep);
      }
  }
}
