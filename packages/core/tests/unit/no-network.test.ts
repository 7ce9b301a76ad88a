/**
 * The test setup (`@vectora/testing/no-network`) refuses connections beyond this machine, so no test can depend
 * on the network by accident: a real hostname fails at once, naming the host; 127.0.0.1 still works.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import { LiveHttpTransport } from "../../src/adapters/live-http.js";

describe("no network in tests", () => {
  it("refuses a connection to a real host before any DNS lookup", async () => {
    // Not imported here: the guard must come from the vitest setup file, for every test file.
    expect(() => connect(443, "www.medincell.com")).toThrow(
      "tests may only connect to 127.0.0.1, not www.medincell.com",
    );
    const error = await fetch("https://eutils.ncbi.nlm.nih.gov/entrez/eutils/einfo.fcgi").catch(
      (e: unknown) => e as Error,
    );
    expect(String((error as Error & { cause?: unknown }).cause)).toBe(
      "NetworkInTestError: tests may only connect to 127.0.0.1, not eutils.ncbi.nlm.nih.gov (replay it, mock it, or serve it locally)",
    );
    // Through the live adapter it is a network failure of that URL, never a silent answer.
    await expect(
      new LiveHttpTransport({ maxAttempts: 1 }).request({ method: "GET", url: "https://www.camurus.com/" }),
    ).rejects.toMatchObject({ kind: "network" });
  });

  it("allows 127.0.0.1", async () => {
    const server = createServer((_req, res) => res.end("local"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe("local");
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
