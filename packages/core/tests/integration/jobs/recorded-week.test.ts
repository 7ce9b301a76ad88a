/**
 * The whole local job on the project's recorded sources (fixtures/recorded/lai-2025-12): replayed ingest, then
 * the engine with the project config. The recordings hold the real December 2025 LAI news of the corporate
 * pages (domain.md) among sector-press noise.
 */
import { fileURLToPath } from "node:url";
import { makeTempDir, type TempDir } from "@vectora/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FsBlobStore } from "../../../src/adapters/index.js";
import type { EngineDecision } from "../../../src/engine/index.js";
import { loadConfigYaml, runEngineForClient, runIngest, type VectoraConfig } from "../../../src/index.js";

import { AS_OF, recordedIngestOptions } from "../../support/ingest-fixtures.js";

const REPO = fileURLToPath(new URL("../../../../../", import.meta.url));

async function runWeek(dir: string, config: VectoraConfig, periodDays?: number): Promise<EngineDecision[]> {
  const data = new FsBlobStore(`${dir}/data`);
  await runIngest(
    recordedIngestOptions(config, data, {
      clock: () => new Date("2025-12-17T06:00:00Z"),
      ...(periodDays ? { periodDays } : {}),
    }),
  );
  const result = await runEngineForClient({
    config,
    clientId: "lai_weekly",
    dataStore: data,
    newslettersStore: new FsBlobStore(`${dir}/newsletters`),
    targetDate: AS_OF,
    clock: () => new Date("2025-12-17T07:00:00Z"),
    ...(periodDays ? { periodDays } : {}),
  });
  return result.engine.decisions;
}

const find = (decisions: EngineDecision[], pattern: RegExp) => {
  const found = decisions.filter((d) => pattern.test(d.title));
  expect(found.length, `no item matches ${pattern}`).toBeGreaterThan(0);
  return found;
};

describe("the recorded week (replay ingest + engine, project config)", () => {
  let dir: TempDir;
  let config: VectoraConfig;
  let week: EngineDecision[];
  let quarter: EngineDecision[];
  beforeAll(async () => {
    dir = await makeTempDir("recorded-week");
    config = await loadConfigYaml(new FsBlobStore(`${REPO}config`));
    week = await runWeek(`${dir.path}/week`, config);
    // 70 days reach back to the UZEDY approval (10 October) and the malaria grant (24 November).
    quarter = await runWeek(`${dir.path}/quarter`, config, 70);
  });
  afterAll(() => dir?.remove());

  it("keeps the licence deal and the NDA submission of the client's period", () => {
    for (const d of find(week, /^Nanexa and Moderna enter into license/))
      expect(d.kept, d.reasons.join()).toBe(true);
    for (const d of find(week, /Teva Pharmaceuticals Announces the New Drug Application Submission/))
      expect(d.kept, d.reasons.join()).toBe(true);
  });

  it("judges the FDA approval on UZEDY and the grant as LAI news when the window reaches them", () => {
    for (const pattern of [
      /^FDA Approves Expanded Indication for UZEDY/,
      /Awarded New Grant to Fight Malaria/,
    ]) {
      for (const d of find(quarter, pattern)) {
        expect(d.relevant, d.reasons.join()).toBe(true);
        // Kept, or only crowded out by fresher news of the same kind.
        expect(d.reasons[0], d.title).toMatch(/^(section:|section_full:|total_limit)/);
      }
    }
  });

  it("drops interim and half-year reports, appointments, general meetings, conferences and off-topic press", () => {
    for (const decisions of [week, quarter]) {
      for (const pattern of [
        /interim report/i,
        /Half-Year Financial Results/,
        /\bappoints\b/i,
        /general meeting/i,
        /Convention|Investor Conferences/,
      ])
        for (const d of decisions.filter((x) => pattern.test(x.title)))
          expect(d.kept, `${d.title}: ${d.reasons.join()}`).toBe(false);
      for (const d of decisions.filter((x) => /\b(oral|tablet|pill)\b/i.test(x.title)))
        expect(d.kept, d.title).toBe(false);
    }
    expect(week.filter((d) => d.reasons[0]?.startsWith("noise:")).length).toBeGreaterThan(0);
  });

  it("gives every item a reason and never keeps an undecided one", () => {
    for (const d of [...week, ...quarter]) {
      expect(d.reasons.length).toBeGreaterThan(0);
      expect(d.kept).toBe(d.reasons[0]!.startsWith("section:"));
    }
  });
});
