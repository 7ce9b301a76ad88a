/**
 * robots.txt (RFC 9309): parsing, choosing the group that applies to our User-Agent, matching a path, and what
 * to do when the file cannot be had. Pure: the fetching is the caller's (`polite-fetcher.ts`).
 *
 * When robots.txt is not a 2xx answer (the rule Google documents and RFC 9309 §2.3.1 sets):
 * - 4xx (404, 403, 410…) or a redirect left unfollowed: no rules, every path is allowed — except 429, read as
 *   "server overloaded";
 * - 5xx, 429, a timeout or a network failure: the site is treated as disallowing everything, until a later run
 *   can read the file;
 * - a replayed run without a recording of robots.txt: allowed (recordings made by `ingest --record` predate
 *   the robots check; what was recorded was fetched).
 */

/** One `Allow` / `Disallow` line. */
export interface RobotsRule {
  allow: boolean;
  /** The path pattern as written (`/news/`, `/*.pdf$`). */
  path: string;
}

/** A group: the User-Agent names it applies to and its rules. */
export interface RobotsGroup {
  agents: string[];
  rules: RobotsRule[];
  /** `Crawl-delay` in seconds, when given (not in RFC 9309; honoured as a politeness hint). */
  crawlDelaySeconds?: number;
}

export interface RobotsTxt {
  groups: RobotsGroup[];
}

/** Only this much of a robots.txt is read (RFC 9309 asks crawlers to read at least 500 KiB). */
const MAX_ROBOTS_CHARS = 512 * 1024;

/**
 * Parses a robots.txt body. Lines are `field: value` with `#` comments; consecutive `User-agent` lines open one
 * group; unknown fields (`Sitemap`, `Host`…) and rules before any `User-agent` are ignored.
 */
export function parseRobotsTxt(text: string): RobotsTxt {
  const groups: RobotsGroup[] = [];
  let current: RobotsGroup | undefined;
  let lastWasAgent = false;
  for (const raw of text.slice(0, MAX_ROBOTS_CHARS).split(/\r\n|\r|\n/)) {
    const line = raw.replace(/#.*$/, "").trim();
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const field = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (field === "user-agent") {
      if (!current || !lastWasAgent) {
        current = { agents: [], rules: [] };
        groups.push(current);
      }
      current.agents.push(value.toLowerCase());
      lastWasAgent = true;
      continue;
    }
    lastWasAgent = false;
    if (!current) continue;
    if (field === "allow" || field === "disallow") {
      // An empty `Disallow:` allows everything: it adds no rule.
      if (value) current.rules.push({ allow: field === "allow", path: value });
    } else if (field === "crawl-delay") {
      const seconds = Number(value);
      if (Number.isFinite(seconds) && seconds >= 0) current.crawlDelaySeconds = seconds;
    }
  }
  return { groups };
}

/**
 * The rules that apply to `productToken` (`VectoraInbox`): every group naming it (case-insensitively), else
 * every `*` group, merged; none when neither exists.
 */
export function groupFor(robots: RobotsTxt, productToken: string): RobotsGroup | undefined {
  const token = productToken.toLowerCase();
  const own = robots.groups.filter((g) => g.agents.includes(token));
  const chosen = own.length > 0 ? own : robots.groups.filter((g) => g.agents.includes("*"));
  if (chosen.length === 0) return undefined;
  const delays = chosen.flatMap((g) => (g.crawlDelaySeconds === undefined ? [] : [g.crawlDelaySeconds]));
  return {
    agents: [...new Set(chosen.flatMap((g) => g.agents))],
    rules: chosen.flatMap((g) => g.rules),
    ...(delays.length ? { crawlDelaySeconds: Math.max(...delays) } : {}),
  };
}

/** Whether `path` (path and query of a URL) matches a rule's pattern: `*` any characters, a final `$` the end. */
function matches(pattern: string, path: string): boolean {
  const anchored = pattern.endsWith("$");
  const body = anchored ? pattern.slice(0, -1) : pattern;
  const regex = body
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${regex}${anchored ? "$" : ""}`).test(path);
}

/** Percent-encodes what a browser would (spaces, non-ASCII), leaving existing escapes alone, for comparison. */
function comparable(path: string): string {
  return path
    .replace(/%[0-9a-f]{2}/gi, (m) => m.toUpperCase())
    .replace(/[^\x21-\x7e]/g, (c) => encodeURIComponent(c));
}

/** The decision for one URL: allowed or not, and the rule that decided (for the report). */
export interface RobotsDecision {
  allowed: boolean;
  /** `Disallow: /news/ (for *)`, or why no rule applies. */
  rule?: string;
}

/**
 * Whether `url` may be fetched under `group`: the longest matching pattern decides; on a tie `Allow` wins;
 * no match allows. `/robots.txt` itself is always allowed.
 */
export function isAllowed(group: RobotsGroup | undefined, url: string): RobotsDecision {
  const parsed = new URL(url);
  const path = comparable(`${parsed.pathname}${parsed.search}`);
  if (!group || parsed.pathname === "/robots.txt") return { allowed: true };
  let best: RobotsRule | undefined;
  for (const rule of group.rules) {
    if (!matches(comparable(rule.path), path)) continue;
    const longer = !best || rule.path.length > best.path.length;
    const tieAllow = best !== undefined && rule.path.length === best.path.length && rule.allow && !best.allow;
    if (longer || tieAllow) best = rule;
  }
  if (!best) return { allowed: true };
  return {
    allowed: best.allow,
    rule: `${best.allow ? "Allow" : "Disallow"}: ${best.path} (for ${group.agents.join(", ")})`,
  };
}

/** What a site's robots.txt says, as fetched: its rules for us, or a blanket decision with its cause. */
export type RobotsPolicy =
  | { kind: "rules"; group: RobotsGroup | undefined; status: number }
  | { kind: "allow_all"; reason: string }
  | { kind: "disallow_all"; reason: string };

/**
 * The policy from the robots.txt fetch: its status and body, or the failure (`kind` of the transport error).
 * See the module comment for the rule.
 */
export function robotsPolicy(
  outcome: { status: number; body: string } | { failure: string; detail: string },
  productToken: string,
): RobotsPolicy {
  if ("failure" in outcome) {
    if (outcome.failure === "no_recording")
      return { kind: "allow_all", reason: "robots.txt not recorded (replay): allowed" };
    return {
      kind: "disallow_all",
      reason: `robots.txt unreachable (${outcome.failure}: ${outcome.detail}): treated as disallowing everything`,
    };
  }
  const { status } = outcome;
  if (status >= 200 && status < 300)
    return { kind: "rules", group: groupFor(parseRobotsTxt(outcome.body), productToken), status };
  if (status === 429 || status >= 500)
    return {
      kind: "disallow_all",
      reason: `robots.txt answered HTTP ${status}: treated as disallowing everything (RFC 9309, as Google does)`,
    };
  // 4xx, and a redirect the transport did not follow (RFC 9309: "unavailable"): no rules.
  return { kind: "allow_all", reason: `robots.txt answered HTTP ${status}: no rules` };
}

/** The decision for `url` under a site's policy. */
export function decide(policy: RobotsPolicy, url: string): RobotsDecision {
  if (policy.kind === "allow_all") return { allowed: true, rule: policy.reason };
  if (policy.kind === "disallow_all") return { allowed: false, rule: policy.reason };
  return isAllowed(policy.group, url);
}
