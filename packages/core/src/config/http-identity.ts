/**
 * How the tools introduce themselves to a site: a User-Agent with a product token and a contact address from the
 * catalog's `http:` block, and the token robots.txt groups are matched on.
 */
import * as z from "zod";

/**
 * How the tools fetch sites: the User-Agent product token and a contact address site owners can reach (sent
 * as `<user_agent> (+<contact>)`; robots.txt groups are matched on the product token).
 */
export const HttpSettings = z
  .object({
    user_agent: z.string().regex(/^[A-Za-z][A-Za-z0-9._-]*\/[0-9][A-Za-z0-9._-]*$/, "product/version"),
    contact: z.string().regex(/^(mailto:\S+@\S+|https?:\/\/\S+|\S+@\S+)$/, "an e-mail address or a URL"),
  })
  .strict();
export type HttpSettings = z.output<typeof HttpSettings>;

/** The product token used when the catalog sets none. */
export const DEFAULT_PRODUCT = "VectoraInbox/0.1.0";

/** The User-Agent header and the robots.txt product token of the catalog's `http:` settings. */
export function userAgentFor(http: HttpSettings | undefined): { header: string; robotsToken: string } {
  const product = http?.user_agent ?? DEFAULT_PRODUCT;
  const contact = http?.contact;
  return {
    header: contact ? `${product} (+${contact})` : `${product} (+no contact configured)`,
    robotsToken: product.split("/")[0]!,
  };
}

/** Reserved and placeholder domains (RFC 2606, RFC 6761): a contact there reaches nobody. */
const PLACEHOLDER =
  /@[^\s@]*\b(example|test|invalid|localhost)(\.[a-z]+)?$|:\/\/([^/]*\.)?(example\.(com|org|net)|[^/]*\.example|[^/]*\.test|[^/]*\.invalid)(\/|$)/i;

/**
 * Why the settings do not let a site owner reach us (no contact, a placeholder address), or `undefined`. The
 * tools warn before fetching real sites with such a User-Agent.
 */
export function contactProblem(http: HttpSettings | undefined): string | undefined {
  if (!http) return "the catalog sets no `http:` block: the User-Agent carries no contact address";
  if (PLACEHOLDER.test(http.contact))
    return `the contact in the User-Agent (${http.contact}) is a placeholder: set \`http.contact\` in canonical/sources.yaml to an address site owners can reach`;
  return undefined;
}
