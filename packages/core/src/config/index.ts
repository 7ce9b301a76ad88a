/**
 * `@vectora/core/config` — the config model (canonical lists, sources, clients), loading it from a blob store
 * with every problem named by file and field, and a client's compiled view of it. What this entry point loads is
 * the snapshot of the config (what the Lambdas read); the YAML loader lives at `@vectora/core/config/yaml`.
 */
export { clientWatch } from "./client-watch.js";
export { contactProblem, DEFAULT_PRODUCT, userAgentFor } from "./http-identity.js";
export { ConfigError, type ConfigIssue, formatIssue } from "./issues.js";
export type { LoadConfigOptions } from "./load.js";
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
// The Lambdas' loader: the snapshot `vectora config sync` writes (no YAML parser). The YAML loader
// (`loadConfigYaml`) is exported by `@vectora/core` and `@vectora/core/config/yaml`, not from here.
export {
  CONFIG_SNAPSHOT_KEY,
  ConfigSnapshot,
  configFromSnapshot,
  configSnapshotJson,
  loadConfig,
} from "./snapshot.js";
export { configVersion } from "./version.js";
