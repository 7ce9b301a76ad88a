/**
 * Vitest setup file: tests may open sockets to this machine only (127.0.0.1, ::1, localhost, IPC paths).
 * A connection to any other host throws before DNS is even asked, naming the host, so a test that would
 * silently reach a real site (a replay falling through to the network, a forgotten live transport, an AWS
 * client without its mock) fails loudly instead of depending on the network. Child processes are not covered.
 */
import { Socket } from "node:net";

const LOCAL_HOSTS = new Set(["127.0.0.1", "::1", "localhost", "::ffff:127.0.0.1"]);

/** The host a `Socket#connect` call targets, or `undefined` for an IPC path; handles Node's normalized form. */
export function connectTarget(args: unknown[]): string | undefined {
  // `net.connect(...)` normalizes its arguments and calls `socket.connect([options, cb])`.
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  if (typeof first === "string") return undefined; // IPC path
  if (typeof first === "number") return typeof args[1] === "string" ? args[1] : "localhost";
  if (first && typeof first === "object") {
    const options = first as { host?: unknown; path?: unknown };
    if (typeof options.path === "string") return undefined;
    return typeof options.host === "string" ? options.host : "localhost";
  }
  return "localhost";
}

/** Error thrown for a connection to a host other than this machine. */
export class NetworkInTestError extends Error {
  constructor(readonly host: string) {
    super(`tests may only connect to 127.0.0.1, not ${host} (replay it, mock it, or serve it locally)`);
    this.name = "NetworkInTestError";
  }
}

const original = Socket.prototype.connect;
const GUARDED = Symbol.for("vectora.no-network");
const proto = Socket.prototype as Socket & { [GUARDED]?: true };
if (!proto[GUARDED]) {
  proto[GUARDED] = true;
  Socket.prototype.connect = function guardedConnect(this: Socket, ...args: unknown[]) {
    const host = connectTarget(args);
    if (host !== undefined && !LOCAL_HOSTS.has(host.replace(/^\[|\]$/g, "").toLowerCase()))
      throw new NetworkInTestError(host);
    return (original as (...a: unknown[]) => Socket).apply(this, args);
  } as typeof Socket.prototype.connect;
}
