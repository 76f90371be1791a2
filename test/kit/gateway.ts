import { createUpstream, type UpstreamClients } from "../../src/aws/client.js";
import { createGateway } from "../../src/gateway.js";
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
  yoga: ReturnType<typeof createGateway>;
  /** Unexpected errors the gateway logged (masked for the client). */
  logged: unknown[];
  execute<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GraphQLResponse<T>>;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  close(): void;
}

export interface GatewayKitOptions {
  regions?: string[];
  maxAttempts?: number;
  /** Another upstream than the kit's sandbox (e.g. a server that never answers). */
  endpoint?: string;
  connectTimeoutMs?: number;
  upstreamTimeoutMs?: number;
  requestTimeoutMs?: number;
  shutdownSignal?: AbortSignal;
}

/** A gateway acting as `identity`, talking to the kit's sandbox over HTTP through the real SDK. */
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
  const yoga = createGateway({
    upstream,
    logError: (_message, error) => logged.push(error),
    ...(options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
    ...(options.shutdownSignal ? { shutdownSignal: options.shutdownSignal } : {}),
  });
  return {
    upstream,
    yoga,
    logged,
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
