/** The User-Agent the tools send, the robots.txt token, and a contact that reaches nobody. */
import { describe, expect, it } from "vitest";
import { contactProblem, userAgentFor } from "../../../src/config/http-identity.js";
import { HttpSettings } from "../../../src/config/schema.js";

describe("http identity", () => {
  it("builds the User-Agent from the catalog's http block, and its product token", () => {
    expect(
      userAgentFor({ user_agent: "VectoraInbox/0.2.0", contact: "https://vectora.example/bot" }),
    ).toEqual({
      header: "VectoraInbox/0.2.0 (+https://vectora.example/bot)",
      robotsToken: "VectoraInbox",
    });
    expect(userAgentFor(undefined)).toEqual({
      header: "VectoraInbox/0.1.0 (+no contact configured)",
      robotsToken: "VectoraInbox",
    });
  });

  it("says when the contact reaches nobody", () => {
    expect(contactProblem(undefined)).toMatch(/^the catalog sets no `http:` block/);
    for (const contact of [
      "mailto:sources@vectora-inbox.example",
      "ops@example.com",
      "https://example.org/bot",
      "bot@x.test",
    ])
      expect(contactProblem({ user_agent: "VectoraInbox/0.1.0", contact }), contact).toMatch(
        /is a placeholder/,
      );
    for (const contact of ["mailto:sources@vectora.io", "https://vectora.io/bot", "ops@pharma-intel.com"])
      expect(contactProblem({ user_agent: "VectoraInbox/0.1.0", contact }), contact).toBeUndefined();
  });

  it("validates the block", () => {
    expect(HttpSettings.safeParse({ user_agent: "Vectora Inbox", contact: "x@y.z" }).success).toBe(false);
    expect(HttpSettings.safeParse({ user_agent: "VectoraInbox/1", contact: "nobody" }).success).toBe(false);
  });
});
