/**
 * Per-request bookkeeping for operators: a request id (the caller's `x-request-id` when it is a
 * sane one, else a fresh UUID) returned as a header and in every error's `extensions.requestId`,
 * and one access log line per request with its operation, status, duration and GuardDuty calls.
 */
import { randomUUID } from "node:crypto";
import { GraphQLError, getOperationAST } from "graphql";
import type { Plugin } from "graphql-yoga";
import type { Logger } from "pino";

export const REQUEST_ID_HEADER = "x-request-id";
/** Responses sent part by part (incremental delivery). */
const STREAMED = /^(multipart\/mixed|text\/event-stream)\s*(;|$)/i;

interface NodeResponseLike {
  once(event: "close", listener: () => void): unknown;
}

function nodeResponseOf(serverContext: unknown): NodeResponseLike | undefined {
  const res = (serverContext as { res?: { once?: unknown } } | undefined)?.res;
  return res && typeof res.once === "function" ? (res as NodeResponseLike) : undefined;
}
/**
 * What an incoming id may look like: a UUID, a load balancer's trace id (`Root=1-…`), a ULID.
 * Anything else (newlines, quotes, kilobytes) would let a caller forge or bloat log lines, so it
 * is replaced, not cleaned.
 */
const VALID_REQUEST_ID = /^[A-Za-z0-9._:=/+-]{1,128}$/;

export function requestIdFrom(header: string | null): string {
  return header && VALID_REQUEST_ID.test(header) ? header : randomUUID();
}

export interface RequestRecord {
  id: string;
  startedAt: number;
  method: string;
  /** The path only: a GET's query string carries the query and its variables. */
  path: string;
  operation?: string;
  upstreamCalls: number;
}

/** The records of the requests in flight, keyed by the request object Yoga passes around. */
export class RequestRecords {
  private readonly records = new WeakMap<Request, RequestRecord>();

  open(request: Request, url: URL): RequestRecord {
    const record: RequestRecord = {
      id: requestIdFrom(request.headers.get(REQUEST_ID_HEADER)),
      startedAt: performance.now(),
      method: request.method,
      path: url.pathname,
      upstreamCalls: 0,
    };
    this.records.set(request, record);
    return record;
  }

  of(request: Request | undefined): RequestRecord | undefined {
    return request ? this.records.get(request) : undefined;
  }

  /** Fields that tie a log line to the request. */
  fields(request: Request | undefined): Record<string, unknown> {
    const record = this.of(request);
    return record ? { requestId: record.id } : {};
  }
}

function withRequestId(error: GraphQLError, requestId: string): GraphQLError {
  if (error.extensions?.requestId === requestId) return error;
  return new GraphQLError(error.message, {
    nodes: error.nodes ?? null,
    source: error.source ?? null,
    positions: error.positions ?? null,
    path: error.path ?? null,
    originalError: error.originalError ?? null,
    extensions: { ...error.extensions, requestId },
  });
}

/**
 * Opens each request's record; it comes first among the plugins so that even refused requests
 * (busy, a foreign Host) get an id and a log line.
 */
export function useRequestRecords(
  records: RequestRecords,
  logger: Logger,
  /** Paths logged at debug level only (probes every few seconds would drown the rest). */
  quietPaths: ReadonlySet<string> = new Set(),
): Plugin {
  return {
    onRequest({ request, url }) {
      records.open(request, url);
    },
    onParams({ params, request }) {
      const record = records.of(request);
      if (record && params.operationName) record.operation = params.operationName;
    },
    onExecute({ args }) {
      const request = (args.contextValue as { request?: Request }).request;
      const record = records.of(request);
      if (record && !record.operation) {
        const name = getOperationAST(args.document, args.operationName)?.name?.value;
        if (name) record.operation = name;
      }
    },
    onResponse({ request, response, setResponse, serverContext, fetchAPI }) {
      const record = records.of(request);
      if (!record) return;
      response.headers.set(REQUEST_ID_HEADER, record.id);
      const level = quietPaths.has(record.path) ? "debug" : "info";
      let written = false;
      const write = () => {
        if (written) return;
        written = true;
        logger[level](
          {
            requestId: record.id,
            method: record.method,
            path: record.path,
            status: response.status,
            ...(record.operation ? { operation: record.operation } : {}),
            durationMs: Math.round((performance.now() - record.startedAt) * 10) / 10,
            upstreamCalls: record.upstreamCalls,
          },
          "request",
        );
      };
      if (!response.body || !STREAMED.test(response.headers.get("content-type") ?? "")) {
        write();
        return;
      }
      // A @defer/@stream answer goes on calling GuardDuty after its first part: the line is
      // written when the last part has gone (or the client has gone, under node:http).
      const Transform =
        response.body instanceof ReadableStream
          ? globalThis.TransformStream
          : fetchAPI.TransformStream;
      // An explicit transform: the ponyfill's TransformStream drops chunks without one.
      const tap = new Transform<Uint8Array, Uint8Array>({
        transform: (chunk, controller) => controller.enqueue(chunk),
        flush: write,
      });
      nodeResponseOf(serverContext)?.once("close", write);
      setResponse(new fetchAPI.Response(response.body.pipeThrough(tap), response));
    },
  };
}

/** The errors, each carrying the request's id. */
export function requestIdIn(records: RequestRecords) {
  return (errors: readonly GraphQLError[], request: Request | undefined): GraphQLError[] => {
    const record = records.of(request);
    if (!record) return [...errors];
    return errors.map((error) =>
      error instanceof GraphQLError ? withRequestId(error, record.id) : error,
    );
  };
}

/** Every error of a result carries the request's id, to quote when reporting a problem. */
export function useRequestIdInErrors(records: RequestRecords): Plugin {
  const withIds = requestIdIn(records);
  return {
    onResultProcess({ result, setResult, request }) {
      if (Array.isArray(result) || Symbol.asyncIterator in result) return;
      if (!records.of(request) || !result.errors?.length) return;
      setResult({ ...result, errors: withIds(result.errors, request) });
    },
  };
}
