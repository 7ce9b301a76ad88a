/**
 * `@vectora/core/sources` — the source catalog's tooling: discovering a company's news listing from its
 * homepage, checking catalog sources, robots.txt, the polite fetcher, company names, and editing the catalog
 * files without losing their comments.
 */

export { contactProblem, DEFAULT_PRODUCT, userAgentFor } from "../config/http-identity.js";
export { type Activation, activationFields } from "./activation.js";
export { type HomepageReading, type ListingCandidate, readHomepage } from "./candidates.js";
export {
  addToBouquet,
  bouquetsOf,
  CatalogEditError,
  type CompanyEdit,
  catalogKeys,
  editCompanies,
  updateCatalogEntry,
  upsertCatalogEntry,
} from "./catalog-yaml.js";
export { type CheckOptions, checkListingUrl, checkSource, type ListingUrlOptions } from "./check.js";
export {
  COMPANY_ROLES,
  CompanyIndex,
  type CompanyMatch,
  type CompanyRole,
  domainOf,
  homepageProblem,
  keyNameOf,
  normaliseCompanyName,
} from "./companies.js";
export { type DiscoverOptions, discoverSource } from "./discover.js";
export {
  configEntryFor,
  type EntryDraft,
  type ListingStats,
  type ProbeAttempt,
  type SourceFinding,
  type Verdict,
} from "./finding.js";
export { PoliteFetcher, type PoliteFetcherOptions, RobotsDisallowedError } from "./polite-fetcher.js";
export {
  decide,
  groupFor,
  isAllowed,
  parseRobotsTxt,
  type RobotsDecision,
  type RobotsGroup,
  type RobotsPolicy,
  robotsPolicy,
} from "./robots.js";
