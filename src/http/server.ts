/**
 * The gateway's HTTP server with a bounded drain. It serves any Node request listener (the Yoga
 * instance, or a listener wrapping it), and never reads configuration: the entry passes it in.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ErrorCode } from "../errors.js";

export type RequestListener = (request: IncomingMessage, response: ServerResponse) => unknown;

export interface HttpServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /**
   * Called when a shutdown's grace period ends with requests still in flight. It should make
   * them answer now (abort their pending upstream calls); they then get `cutAnswerMs` to write
   * that answer before their connections are closed.
   */
  onGraceExpired?: () => void;
  /** Default 2,000 ms. */
  cutAnswerMs?: number;
}

export interface ShutdownOutcome {
  /** Every request in flight finished within the grace period. */
  drained: boolean;
  inFlightAtStart: number;
  /** Requests still in flight when the grace period ended. */
  cut: number;
}

export interface RunningHttpServer {
  /** e.g. http://127.0.0.1:4000 */
  url: string;
  port: number;
  server: Server;
  inFlight(): number;
  /** True once shutdown has begun (readiness then fails). */
  draining(): boolean;
  /**
   * Stops accepting connections, lets the requests in flight finish for up to `graceMs`, then
   * cuts the rest (see onGraceExpired) and closes every connection. Calling it again returns
   * the same outcome.
   */
  shutdown(graceMs: number): Promise<ShutdownOutcome>;
  /** Ends a running shutdown's grace period now (e.g. a second SIGTERM). */
  expireGrace(): void;
}

const DEFAULT_CUT_ANSWER_MS = 2_000;

/**
 * During a drain a request can still arrive on a connection opened before it began; it gets a
 * coded 503 and the connection is closed, so the client retries elsewhere knowing nothing ran.
 */
function refuseWhileDraining(response: ServerResponse): void {
  const body = JSON.stringify({
    errors: [
      {
        message: "The gateway is shutting down; nothing was run. Send the request again.",
        extensions: { code: ErrorCode.SHUTTING_DOWN },
      },
    ],
  });
  response.writeHead(503, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(body),
    connection: "close",
  });
  response.end(body);
}

/** Answers a listener that threw or rejected, if it had not answered yet. */
function failed(response: ServerResponse, error: unknown): void {
  console.error("http: the request listener failed", error);
  if (!response.headersSent) response.writeHead(500, { connection: "close" });
  response.end();
}

/** Requests in flight, and waiters for the moment there are none. */
class InFlight {
  private readonly responses = new Set<ServerResponse>();
  private readonly waiters = new Set<() => void>();

  get size(): number {
    return this.responses.size;
  }

  add(response: ServerResponse): void {
    this.responses.add(response);
    // "close" follows a complete answer and a connection lost mid-answer alike.
    response.once("close", () => {
      this.responses.delete(response);
      if (this.responses.size === 0) for (const wake of this.waiters) wake();
    });
  }

  /** Asks the clients of answers not yet started to close their connection afterwards. */
  closeConnectionsAfterAnswer(): void {
    for (const response of this.responses) {
      if (!response.headersSent) response.setHeader("connection", "close");
    }
  }

  /** True once nothing is in flight, false if `expired` settles first. */
  emptied(expired: Promise<void>): Promise<boolean> {
    if (this.responses.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const wake = () => {
        this.waiters.delete(wake);
        resolve(this.responses.size === 0);
      };
      this.waiters.add(wake);
      expired.then(wake);
    });
  }
}

/** A timer that can also be ended early; `promise` settles when it fires or is ended. */
function timer(ms: number): { promise: Promise<void>; end(): void } {
  let end = () => {};
  const promise = new Promise<void>((resolve) => {
    const handle = setTimeout(resolve, ms);
    end = () => {
      clearTimeout(handle);
      resolve();
    };
  });
  return { promise, end };
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | undefined)?.then === "function";
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function startHttpServer(
  listener: RequestListener,
  options: HttpServerOptions,
): Promise<RunningHttpServer> {
  const inFlight = new InFlight();
  let draining = false;
  let grace: ReturnType<typeof timer> | undefined;
  let outcome: Promise<ShutdownOutcome> | undefined;

  const server = createServer((request, response) => {
    if (draining) {
      refuseWhileDraining(response);
      return;
    }
    inFlight.add(response);
    try {
      const answered = listener(request, response);
      // Yoga answers with a promise-like of its own; anything thenable is watched for failure.
      if (isThenable(answered)) Promise.resolve(answered).catch((error) => failed(response, error));
    } catch (error) {
      failed(response, error);
    }
  });
  const port = await listen(server, options.port, options.host);

  async function drain(graceMs: number): Promise<ShutdownOutcome> {
    draining = true;
    const inFlightAtStart = inFlight.size;
    // Closing the listener refuses new connections; Node also closes idle keep-alive ones.
    server.close();
    server.closeIdleConnections();
    inFlight.closeConnectionsAfterAnswer();
    grace = timer(graceMs);
    const drained = await inFlight.emptied(grace.promise);
    grace.end();
    const cut = inFlight.size;
    if (!drained) {
      options.onGraceExpired?.();
      const answer = timer(options.cutAnswerMs ?? DEFAULT_CUT_ANSWER_MS);
      await inFlight.emptied(answer.promise);
      answer.end();
    }
    server.closeAllConnections();
    return { drained, inFlightAtStart, cut };
  }

  return {
    url: `http://${options.host.includes(":") ? `[${options.host}]` : options.host}:${port}`,
    port,
    server,
    inFlight: () => inFlight.size,
    draining: () => draining,
    shutdown(graceMs) {
      outcome ??= drain(graceMs);
      return outcome;
    },
    expireGrace() {
      grace?.end();
    },
  };
}
