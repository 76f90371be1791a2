import type { YogaServerInstance } from "graphql-yoga";
import type { Caller } from "../../src/auth/caller.js";
import { createUpstream, type UpstreamClients } from "../../src/aws/client.js";
import type { Context } from "../../src/context.js";
import { createGateway, type GatewayOptions } from "../../src/gateway.js";
import { createLogger } from "../../src/ops/logging.js";
import type { PublicIdentity } from "../../src/sandbox/sandbox.js";
import type { SandboxKit } from "./sandbox.js";

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export interface GatewayKit {
  upstream: UpstreamClients;
  /** The Yoga instance, e.g. to serve it over real HTTP (src/http/server.ts). */
  yoga: YogaServerInstance<Record<string, unknown>, Context>;
  /** What the gateway logged: unexpected (masked) errors and GuardDuty's own messages. */
  logged: unknown[];
  /** The logged messages and errors as one text, to search for what must not reach clients. */
  logText(): string;
  execute<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GraphQLResponse<T>>;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  close(): void;
}

/** createGateway's options besides the upstream and the log, which the kit provides. */
export type GatewaySettings = Omit<GatewayOptions, "upstream" | "logError" | "logger">;

/** `npm start`'s settings against the sandbox: GraphiQL, introspection and suggestions on. */
export const SANDBOX_SETTINGS: GatewaySettings = {
  graphiql: true,
  introspection: true,
  fieldSuggestions: true,
};

export interface GatewayKitOptions {
  regions?: string[];
  maxAttempts?: number;
  /** Another upstream than the kit's sandbox (e.g. a server that never answers). */
  endpoint?: string;
  gateway?: GatewaySettings;
  allowedOrigins?: string[];
  allowedHosts?: string[];
  maxUpstreamCallsPerRequest?: number;
  connectTimeoutMs?: number;
  upstreamTimeoutMs?: number;
  requestTimeoutMs?: number;
  shutdownSignal?: AbortSignal;
  /** Who every request acts as (createGateway's `authenticate`); OPEN_CALLER when absent. */
  caller?: Caller;
}

/**
 * A gateway acting as `identity`, talking to the kit's sandbox over HTTP through the real SDK,
 * with `gateway` as createGateway's settings (SANDBOX_SETTINGS unless given; `{}` for
 * createGateway's own defaults).
 */
export function gatewayFor(
  kit: SandboxKit,
  identity: PublicIdentity,
  options: GatewayKitOptions = {},
): GatewayKit {
  const upstream = createUpstream({
    regions: options.regions ?? identity.regions,
    endpoint: options.endpoint ?? kit.url,
    credentials: { accessKeyId: identity.accessKeyId, secretAccessKey: identity.secretAccessKey },
    maxAttempts: options.maxAttempts ?? 1,
    ...(options.connectTimeoutMs ? { connectTimeoutMs: options.connectTimeoutMs } : {}),
    ...(options.upstreamTimeoutMs ? { requestTimeoutMs: options.upstreamTimeoutMs } : {}),
  });
  const logged: unknown[] = [];
  const lines: string[] = [];
  const yoga = createGateway({
    upstream,
    ...(options.gateway ?? SANDBOX_SETTINGS),
    ...(options.allowedOrigins ? { allowedOrigins: options.allowedOrigins } : {}),
    ...(options.allowedHosts ? { allowedHosts: options.allowedHosts } : {}),
    ...(options.maxUpstreamCallsPerRequest
      ? { maxUpstreamCallsPerRequest: options.maxUpstreamCallsPerRequest }
      : {}),
    ...(options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
    ...(options.shutdownSignal ? { shutdownSignal: options.shutdownSignal } : {}),
    logger: createLogger("silent"),
    ...(options.caller ? { authenticate: async () => options.caller as Caller } : {}),
    logError: (message, error) => {
      logged.push(error);
      lines.push(
        `${message} ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
      );
    },
  });
  return {
    upstream,
    yoga,
    logged,
    logText: () => lines.join("\n"),
    async execute(query, variables) {
      const response = await yoga.fetch("http://gateway.test/graphql", {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/graphql-response+json",
        },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, ...((await response.json()) as object) };
    },
    fetch: (path, init) =>
      Promise.resolve(yoga.fetch(new URL(path, "http://gateway.test"), init ?? {})),
    close: () => upstream.destroy(),
  };
}

/** Upstream calls made since the last clear, as "Operation" strings in order. */
export async function operations(kit: SandboxKit): Promise<string[]> {
  return (await kit.calls()).map((call) => call.operation);
}

export function countBy(items: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[item] = (counts[item] ?? 0) + 1;
  return counts;
}
