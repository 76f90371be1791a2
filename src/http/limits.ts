/**
 * Limits on what one request, and all requests together, may hold in memory. They are Yoga
 * plugins rather than a wrapper around the node listener so they travel with the gateway to any
 * server Yoga runs on (node:http here, `yoga.fetch` in tests), and a refused body still gets
 * the same GraphQL-shaped error as everything else. Under node:http a concurrency slot is held
 * until the node response closes, so a client that reads its answer slowly still counts.
 */
import { GraphQLError } from "graphql";
import type { Plugin } from "graphql-yoga";
import { ErrorCode } from "../errors.js";

/** Seconds a refused client is asked to wait (Retry-After, RFC 9110 §10.2.3). */
export const BUSY_RETRY_AFTER_SECONDS = 1;

/** The single non-negative integer RFC 9110 §8.6 allows; lists and signs are refused. */
const CONTENT_LENGTH = /^\d+$/;

/**
 * The connection is kept, not closed: closing while the client is still sending makes many
 * clients see a reset (EPIPE) instead of this answer. Node discards the unread rest of the body
 * without buffering it, within its server `requestTimeout`.
 */
function payloadTooLarge(maxBytes: number): GraphQLError {
  return new GraphQLError(`The request body is larger than the limit of ${maxBytes} bytes`, {
    extensions: {
      code: ErrorCode.PAYLOAD_TOO_LARGE,
      maxBytes,
      http: { status: 413 },
    },
  });
}

function badContentLength(): GraphQLError {
  return new GraphQLError("The Content-Length header is not a byte count", {
    extensions: { code: "BAD_REQUEST", http: { status: 400 } },
  });
}

type FetchAPI = Parameters<NonNullable<Plugin["onRequestParse"]>>[0]["fetchAPI"];

/** The body as a stream that errors as soon as more than `maxBytes` have arrived. */
function limitedRequest(request: Request, maxBytes: number, fetchAPI: FetchAPI): Request {
  if (!request.body) return request;
  let received = 0;
  // A native stream needs the native TransformStream; a ponyfill one (@whatwg-node/fetch, which
  // Yoga may use under node:http) needs the ponyfill's. graphql-yoga's own body limit does the same.
  const Transform =
    request.body instanceof ReadableStream ? globalThis.TransformStream : fetchAPI.TransformStream;
  const counter = new Transform<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      received += chunk.byteLength;
      if (received > maxBytes) controller.error(payloadTooLarge(maxBytes));
      else controller.enqueue(chunk);
    },
  });
  return new fetchAPI.Request(request.url, {
    method: request.method,
    headers: request.headers,
    signal: request.signal,
    body: request.body.pipeThrough(counter),
    // Node's fetch needs this for a streamed request body (the Fetch standard's RequestInit).
    duplex: "half",
  } as RequestInit);
}

/**
 * Refuses bodies over `maxBytes` with 413: by Content-Length before a byte is read, and a body
 * without one (chunked) as soon as it passes the limit, so no more than `maxBytes` is buffered.
 */
export function useBodyLimit(maxBytes: number): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      const declared = request.headers.get("content-length");
      if (declared !== null) {
        if (!CONTENT_LENGTH.test(declared)) throw badContentLength();
        if (Number(declared) > maxBytes) throw payloadTooLarge(maxBytes);
      }
      if (!requestParser || !request.body) return;
      const parse = requestParser;
      setRequestParser((incoming) => parse(limitedRequest(incoming, maxBytes, fetchAPI)));
    },
  };
}

function busyResponse(max: number, fetchAPI: FetchAPI): Response {
  const body = {
    errors: [
      {
        message: `The gateway is at its limit of ${max} requests in flight; retry shortly`,
        extensions: { code: ErrorCode.SERVER_BUSY, maxConcurrentRequests: max },
      },
    ],
  };
  return new fetchAPI.Response(JSON.stringify(body), {
    status: 503,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "retry-after": String(BUSY_RETRY_AFTER_SECONDS),
    },
  });
}

interface NodeResponseLike {
  once(event: "close", listener: () => void): unknown;
}

function nodeResponseOf(serverContext: unknown): NodeResponseLike | undefined {
  const res = (serverContext as { res?: { once?: unknown } } | undefined)?.res;
  return res && typeof res.once === "function" ? (res as NodeResponseLike) : undefined;
}

/**
 * At most `max` requests in flight; the rest get 503 with Retry-After before anything is read.
 * A request holds its slot until its work is done (Yoga handed back the response) and, under
 * node:http, its node response has closed: a client that reads slowly still counts, and so does
 * the work of a client that went away, which goes on until its GuardDuty calls return.
 */
export function useConcurrencyLimit(max: number): Plugin {
  let inFlight = 0;
  const pending = new WeakMap<object, () => void>();
  return {
    onRequest({ serverContext, endResponse, fetchAPI }) {
      if (inFlight >= max) {
        endResponse(busyResponse(max, fetchAPI));
        return;
      }
      inFlight += 1;
      const nodeResponse = nodeResponseOf(serverContext);
      let outstanding = nodeResponse ? 2 : 1;
      const settle = () => {
        outstanding -= 1;
        if (outstanding === 0) inFlight -= 1;
      };
      nodeResponse?.once("close", settle);
      pending.set(serverContext as object, settle);
    },
    onResponse({ serverContext }) {
      const settle = pending.get(serverContext as object);
      if (!settle) return;
      pending.delete(serverContext as object);
      settle();
    },
  };
}
