/**
 * When each source is read: at most `concurrency` at a time, none started after the run's deadline, the ones in
 * flight at the deadline aborted (through the signal every request carries) and given a short grace to settle.
 * Sources are started host by host in turn, so 16 slots are not all queued behind one site's 2-request limit.
 */
import { setMaxListeners } from "node:events";
import type { SourceDef } from "../config/schema.js";

export interface ScheduleOptions {
  /** Sources read at once. */
  concurrency: number;
  /** Epoch milliseconds after which no source starts and in-flight ones are aborted; none when undefined. */
  deadline?: number;
  /** The clock the deadline is checked against (injectable: tests move time by hand). */
  now: () => number;
  /** After the deadline, how long aborted sources get to settle before they are left behind (default 2 s). */
  graceMs?: number;
  /** Reads one source; never rejects. `signal` aborts at the deadline. */
  read: (source: SourceDef, signal: AbortSignal) => Promise<void>;
}

export interface ScheduleOutcome {
  /** Sources never started: the deadline came first. */
  deferred: SourceDef[];
  /** Sources still in flight at the deadline (their requests aborted), with how long they had run. */
  inFlightAtDeadline: Map<string, number>;
  /** Sources that had not settled when the grace ran out: their late results must be ignored. */
  leftBehind: Set<string>;
  /** True when the deadline passed before every source had settled. */
  cutShort: boolean;
}

/**
 * Reads `sources` under the options' limits (see the top of this file) and resolves which were deferred and
 * which were in flight at the deadline.
 */
export async function scheduleSources(
  sources: SourceDef[],
  options: ScheduleOptions,
): Promise<ScheduleOutcome> {
  const queue = interleaveByHost(sources);
  const controller = new AbortController();
  // Every request in flight listens to this one signal (its fetch, its wait for a host slot): more than Node's
  // default 10 is the normal case here, not a leak.
  setMaxListeners(0, controller.signal);
  const outcome: ScheduleOutcome = {
    deferred: [],
    inFlightAtDeadline: new Map(),
    leftBehind: new Set(),
    cutShort: false,
  };
  const inFlight = new Map<string, number>();
  let next = 0;
  let deadlinePassed = false;
  const pastDeadline = () => options.deadline !== undefined && options.now() >= options.deadline;

  let graceTimer: ReturnType<typeof setTimeout> | undefined;
  let endGrace: () => void = () => {};
  const graceOver = new Promise<void>((resolve) => {
    endGrace = resolve;
  });
  const fire = () => {
    if (deadlinePassed) return;
    deadlinePassed = true;
    outcome.cutShort = true;
    const at = options.now();
    for (const [key, started] of inFlight) outcome.inFlightAtDeadline.set(key, at - started);
    controller.abort(`the run's deadline (${new Date(options.deadline ?? at).toISOString()}) passed`);
    graceTimer = setTimeout(endGrace, options.graceMs ?? 2_000);
  };
  const timer =
    options.deadline === undefined
      ? undefined
      : setTimeout(fire, Math.max(0, options.deadline - options.now()));

  const worker = async () => {
    while (next < queue.length) {
      if (deadlinePassed || pastDeadline()) return fire();
      const source = queue[next++]!;
      inFlight.set(source.key, options.now());
      try {
        await options.read(source, controller.signal);
      } finally {
        inFlight.delete(source.key);
      }
    }
  };
  const all = Promise.all(
    Array.from({ length: Math.max(1, Math.min(options.concurrency, queue.length)) }, worker),
  );
  // Every source settled, or the deadline passed and the grace ran out: either way the run goes on to its report.
  await Promise.race([all, graceOver]);
  clearTimeout(graceTimer);
  clearTimeout(timer);
  for (const key of inFlight.keys()) outcome.leftBehind.add(key);
  outcome.deferred = queue.slice(next);
  return outcome;
}

/**
 * The sources reordered so that consecutive ones are on different hosts when possible (round robin over hosts in
 * order of first appearance), keeping each host's sources in catalog order.
 */
export function interleaveByHost(sources: readonly SourceDef[]): SourceDef[] {
  const byHost = new Map<string, SourceDef[]>();
  for (const source of sources) {
    const host = hostOf(source);
    const list = byHost.get(host);
    if (list) list.push(source);
    else byHost.set(host, [source]);
  }
  const lanes = [...byHost.values()];
  const out: SourceDef[] = [];
  for (let round = 0; out.length < sources.length; round++)
    for (const lane of lanes) if (lane[round]) out.push(lane[round]!);
  return out;
}

function hostOf(source: SourceDef): string {
  try {
    return new URL(source.url).host;
  } catch {
    return source.key;
  }
}
