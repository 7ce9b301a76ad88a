/**
 * Companies of the catalog: their names as people write them ("Medincell S.A.", "ALK-Abelló", "Lepu Medical
 * Technology (Beijing) Co Ltd") brought to one comparable form, the keys derived from them, and finding a
 * company among the ones `companies.yaml` already lists — by name, alias or homepage domain.
 */
import type { CompanyEntry, CompanyScope } from "../config/schema.js";
import { siteOf } from "../ingest/listing/links.js";

/** Legal-form words that never tell two companies apart ("Camurus AB" is Camurus). */
const LEGAL_FORMS = new Set(
  "inc incorporated ltd limited co corp corporation company plc ab sa ag gmbh llc lp bv nv asa as oy oyj spa srl sas kk pte pty".split(
    " ",
  ),
);

/**
 * A company name in comparable form: accents folded, lower case, `&` read as "and", parenthesised parts
 * ("(Beijing)", "(Baxter)") and trailing legal forms ("Co Ltd", "Inc.", "AB", glued "LtdCo") removed, words
 * joined by single spaces. `"Laboratorios Farmacéuticos Rovi S.A."` → `"laboratorios farmaceuticos rovi"`.
 */
export function normaliseCompanyName(name: string): string {
  const folded = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/\([^)]*\)/g, " ")
    .replace(/&/g, " and ")
    // "LtdCo", "IncCo": two legal forms glued by a bad export.
    .replace(/\b(ltd|inc|corp|co)(co|ltd|inc)\b/g, "$1 $2")
    // "S.A.", "N.V.", "K.K.": dotted initials read as one word.
    .replace(/\b([a-z])\.([a-z])\.?(?=\s|$)/g, "$1$2");
  const words = folded.split(/[^a-z0-9\u00c0-\uffff]+/).filter(Boolean);
  while (words.length > 1 && LEGAL_FORMS.has(words[words.length - 1]!)) words.pop();
  if (words.length > 1 && words[0] === "the") words.shift();
  return words.join(" ");
}

/**
 * The `name` part of a source key (`press_corporate__<name>`), from a company name or, when the name has no
 * Latin letters (보도자료 sites named in Korean), from the homepage's host: `"Lumidepot Pharma AB"` →
 * `lumidepot_pharma`, `https://www.hanul-bio.co.kr/` → `hanul_bio`.
 */
export function keyNameOf(company: string | undefined, homepage?: string): string {
  const fromName = company
    ? normaliseCompanyName(company)
        .replace(/[^a-z0-9 ]+/g, "")
        .trim()
        .replace(/ +/g, "_")
    : "";
  if (/[a-z]/.test(fromName)) return fromName.slice(0, 60);
  if (homepage && URL.canParse(homepage)) {
    const site = siteOf(new URL(homepage).hostname);
    const label = site.split(".")[0] ?? "";
    const fromHost = label.replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "");
    if (fromHost) return fromHost;
  }
  return "unnamed";
}

/** The registrable domain of a URL (`https://ir.camurus.com/x` → `camurus.com`), or `undefined`. */
export function domainOf(url: string | undefined): string | undefined {
  if (!url || !URL.canParse(url)) return undefined;
  const { protocol, hostname } = new URL(url);
  return protocol === "http:" || protocol === "https:" ? siteOf(hostname) : undefined;
}

/** Hosts whose URLs are never a company's homepage: search engines, link shorteners, social networks. */
const NOT_A_HOMEPAGE =
  /(^|\.)(google\.[a-z.]+|bing\.com|duckduckgo\.com|yahoo\.com|baidu\.com|linkedin\.com|facebook\.com|twitter\.com|x\.com|wikipedia\.org|bit\.ly)$/i;

/**
 * Why `url` cannot be a company's homepage (not an http(s) URL, a search-engine result page, a placeholder
 * host), or `undefined` when it can.
 */
export function homepageProblem(url: string | undefined | null): string | undefined {
  if (!url?.trim()) return "no homepage";
  if (!URL.canParse(url)) return `not a URL: ${JSON.stringify(url)}`;
  const parsed = new URL(url);
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return `not a web address: ${url}`;
  if (!parsed.hostname.includes(".")) return `a placeholder, not a site: ${url}`;
  if (NOT_A_HOMEPAGE.test(parsed.hostname)) return `a ${parsed.hostname} page, not the company's site`;
  return undefined;
}

/** A company's role, as `companies.yaml` groups them. */
export type CompanyRole = keyof CompanyScope;
export const COMPANY_ROLES: readonly CompanyRole[] = [
  "core_pure_players",
  "pure_players",
  "hybrids",
  "others",
];

/** A company found in a scope: its entry, its role and what matched. */
export interface CompanyMatch {
  entry: CompanyEntry;
  role: CompanyRole;
  /** Index of the entry in its role's list. */
  index: number;
  by: "name" | "alias" | "domain";
}

/**
 * Finds companies of one scope by name, alias or homepage domain. Names are compared in
 * {@link normaliseCompanyName} form; a domain is used only when no name matches (two companies may share a
 * group's site: Bioverativ's homepage is sanofi.com).
 */
export class CompanyIndex {
  private readonly byName = new Map<string, CompanyMatch>();
  private readonly byDomain = new Map<string, CompanyMatch>();

  constructor(scope: CompanyScope) {
    for (const role of COMPANY_ROLES)
      for (const [index, entry] of scope[role].entries()) this.add(entry, role, index);
  }

  /** Makes a company findable (after adding it to the file, say). */
  add(entry: CompanyEntry, role: CompanyRole, index: number): void {
    const match = { entry, role, index };
    const name = normaliseCompanyName(entry.name);
    if (!this.byName.has(name)) this.byName.set(name, { ...match, by: "name" });
    for (const alias of entry.aliases) {
      const key = normaliseCompanyName(alias);
      if (!this.byName.has(key)) this.byName.set(key, { ...match, by: "alias" });
    }
    const domain = "homepage" in entry ? domainOf(entry.homepage) : undefined;
    if (domain && !this.byDomain.has(domain)) this.byDomain.set(domain, { ...match, by: "domain" });
  }

  /** The company named `name` (or at `homepage`'s domain when no name matches), or `undefined`. */
  find(name: string, homepage?: string): CompanyMatch | undefined {
    const byName = this.byName.get(normaliseCompanyName(name));
    if (byName) return byName;
    const domain = homepageProblem(homepage) ? undefined : domainOf(homepage);
    return domain ? this.byDomain.get(domain) : undefined;
  }
}
