/** `clientWatch`: what one client of a loaded config watches, resolved from its scope names and bouquets. */

import type { ClientWatch, VectoraConfig } from "./schema.js";

/**
 * Resolves what one client watches: its scopes, event types and the sources its runs read — the active, enabled
 * sources of its bouquets and extras, in catalog order, without duplicates (a bouquet's candidates and rejected
 * sources are never read). Throws when the client is unknown.
 *
 * @example
 * ```ts
 * const watch = clientWatch(config, "lai_weekly");
 * watch.sources.map((s) => s.key); // ["press_corporate__camurus", …]
 * ```
 */
export function clientWatch(config: VectoraConfig, clientId: string): ClientWatch {
  const client = config.clients[clientId];
  if (!client)
    throw new Error(`unknown client "${clientId}" (known: ${Object.keys(config.clients).join(", ")})`);
  const wanted = new Set<string>(client.sources.extra);
  for (const id of client.sources.bouquets)
    for (const key of config.bouquets.find((b) => b.id === id)?.sources ?? []) wanted.add(key);
  return {
    client,
    companies: config.companies[client.watch.companies]!,
    trademarks: config.trademarks[client.watch.trademarks]!,
    molecules: config.molecules[client.watch.molecules]!,
    technologies: config.technologies[client.watch.technologies]!,
    indications: config.indications[client.watch.indications]!,
    noise: config.noise[client.watch.noise]!,
    nonLai: (client.watch.non_lai !== undefined ? config.nonLai[client.watch.non_lai] : undefined) ?? {
      products: [],
      molecules: [],
    },
    feedback: config.feedback[client.client_id] ?? [],
    eventTypes: config.eventTypes,
    sources: config.sources.filter((s) => wanted.has(s.key) && s.enabled && s.status === "active"),
  };
}
