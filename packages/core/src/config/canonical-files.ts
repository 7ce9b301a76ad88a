/** Where the canonical (shared by every client) config files live, relative to the config root. */

/** Store key of each canonical file, by what it holds. */
export const CANONICAL = {
  companies: "canonical/companies.yaml",
  trademarks: "canonical/trademarks.yaml",
  molecules: "canonical/molecules.yaml",
  technologies: "canonical/technologies.yaml",
  indications: "canonical/indications.yaml",
  noise: "canonical/noise.yaml",
  nonLai: "canonical/non_lai.yaml",
  eventTypes: "canonical/event_types.yaml",
  sources: "canonical/sources.yaml",
} as const;

/** The config files a valid config directory must hold, relative to its root. */
export const CANONICAL_FILES: readonly string[] = Object.values(CANONICAL);
