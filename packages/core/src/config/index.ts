/**
 * `@vectora/core/config` — the config model (canonical lists, sources, clients), loading it from a blob store
 * with every problem named by file and field, and a client's compiled view of it.
 */
export { clientWatch } from "./client-watch.js";
export { contactProblem, DEFAULT_PRODUCT, userAgentFor } from "./http-identity.js";
export { ConfigError, type ConfigIssue, formatIssue } from "./issues.js";
export { type LoadConfigOptions, loadConfig } from "./load.js";
export {
  ActorType,
  Bouquet,
  CatalogEntry,
  ClientConfig,
  type ClientWatch,
  ClinicalTrialsSource,
  type ClinicalTrialsSourceDef,
  CompaniesFile,
  CompanyEntry,
  CompanyScope,
  DateFormat,
  DeliverySettings,
  EmailDelivery,
  EntityEntry,
  EntityListFile,
  EventTypeDef,
  EventTypeId,
  EventTypesFile,
  HtmlSelectors,
  HtmlSource,
  type HtmlSourceDef,
  HttpSettings,
  INGEST_DEFAULTS,
  IngestSettings,
  MoleculeEntry,
  MoleculesFile,
  NoiseFile,
  NoiseScope,
  PlatformEntry,
  PubmedSource,
  type PubmedSourceDef,
  RssSource,
  type RssSourceDef,
  SectionDef,
  SourceDef,
  SourceLead,
  SourceStatus,
  SourcesFile,
  TechnologiesFile,
  TechnologyScope,
  type VectoraConfig,
} from "./schema.js";
export { configVersion } from "./version.js";
