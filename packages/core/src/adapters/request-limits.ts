/**
 * The failures a request's own options cause — its caller's `signal` fired, its `maxBytes` passed — worded by one
 * function each, so the replay adapter fails a request exactly as the live one does.
 */
import { type HttpRequest, HttpTransportError, tooLargeDetail } from "../ports/http-transport.js";

/** The request was aborted by its caller: the signal's reason when it says one, else "aborted by the caller". */
export function abortedError(request: Pick<HttpRequest, "url" | "signal">): HttpTransportError {
  const reason: unknown = request.signal?.reason;
  const detail =
    typeof reason === "string"
      ? reason
      : reason instanceof Error && reason.name !== "AbortError" && reason.message
        ? reason.message
        : "aborted by the caller";
  return new HttpTransportError("aborted", request.url, detail);
}

/** The response's body was over the caller's `maxBytes`. */
export function tooLargeError(url: string, maxBytes: number): HttpTransportError {
  return new HttpTransportError("too_large", url, tooLargeDetail(maxBytes));
}
