/**
 * The SES client's request deadlines: a send to an endpoint that accepts the connection and never answers fails
 * within the deadline (a real HTTP server on 127.0.0.1, the real SDK client and Node handler), and the default
 * client carries {@link SES_REQUEST_TIMEOUTS}.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createSesClient, SES_REQUEST_TIMEOUTS, SesMailer } from "../../../src/adapters/ses-mailer.js";
import { MailerError } from "../../../src/ports/mailer.js";

let server: Server | undefined;
const sockets = new Set<Socket>();

afterEach(async () => {
  for (const s of sockets) s.destroy();
  sockets.clear();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** An SES endpoint that reads the request and never answers (a hung connection). */
async function hungEndpoint(): Promise<string> {
  server = createServer(() => {});
  server.on("connection", (s) => sockets.add(s));
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const EMAIL = {
  from: "newsletter@example.com",
  to: ["reader@example.com"],
  raw: "Subject: x\r\n\r\nbody",
  messageId: "<x@example.com>",
};

describe("createSesClient", () => {
  it("gives up on a hung send at the request deadline, as a MailerError", async () => {
    const endpoint = await hungEndpoint();
    const client = createSesClient(
      {
        endpoint,
        region: "eu-west-3",
        credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
        maxAttempts: 1,
      },
      { requestTimeout: 300 },
    );
    const started = Date.now();
    const error = await new SesMailer(client).send(EMAIL).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailerError);
    expect(String((error as Error).message)).toMatch(/timeout|timed out/i);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("sets connection and request deadlines by default", async () => {
    const handler = createSesClient({ region: "eu-west-3" }).config.requestHandler as unknown as {
      configProvider: Promise<{ connectionTimeout?: number; requestTimeout?: number }>;
    };
    const config = await handler.configProvider;
    expect(config.connectionTimeout).toBe(SES_REQUEST_TIMEOUTS.connectionTimeout);
    expect(config.requestTimeout).toBe(SES_REQUEST_TIMEOUTS.requestTimeout);
    expect(config).toMatchObject({ throwOnRequestTimeout: true });
  });
});
