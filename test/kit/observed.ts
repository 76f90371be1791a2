import { PassThrough } from "node:stream";
import { createUpstream, type UpstreamClients } from "../../src/aws/client.js";
import { createGateway, type Gateway, type GatewayOptions } from "../../src/gateway.js";
import { createLogger } from "../../src/ops/logging.js";
import type { PublicIdentity } from "../../src/sandbox/sandbox.js";
import type { SandboxKit } from "./sandbox.js";

/** A gateway whose JSON log lines the test reads back (pino writing to a stream). */
export interface ObservedGateway {
  upstream: UpstreamClients;
  yoga: Gateway;
  /** Every log line written so far, as text. */
  logText(): string;
  /** Every log line written so far, parsed. */
  logLines(): Record<string, unknown>[];
  /** POST /graphql with JSON; `headers` are added to the request. */
  post(
    body: { query: string; variables?: Record<string, unknown>; operationName?: string },
    headers?: Record<string, string>,
  ): Promise<Response>;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  close(): void;
}

export function observedGateway(
  kit: SandboxKit,
  identity: PublicIdentity,
  options: {
    regions?: string[];
    maxAttempts?: number;
    gateway?: Omit<GatewayOptions, "upstream" | "logger">;
  } = {},
): ObservedGateway {
  const upstream = createUpstream({
    regions: options.regions ?? identity.regions,
    endpoint: kit.url,
    credentials: { accessKeyId: identity.accessKeyId, secretAccessKey: identity.secretAccessKey },
    maxAttempts: options.maxAttempts ?? 1,
  });
  let text = "";
  const stream = new PassThrough();
  stream.on("data", (chunk: Buffer) => {
    text += chunk.toString("utf8");
  });
  const yoga = createGateway({
    upstream,
    metrics: true,
    ...options.gateway,
    logger: createLogger("debug", stream),
  });
  const origin = "http://gateway.test";
  return {
    upstream,
    yoga,
    logText: () => text,
    logLines: () =>
      text
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    post: async (body, headers = {}) =>
      yoga.fetch(`${origin}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify(body),
      }),
    get: async (path, headers = {}) => yoga.fetch(`${origin}${path}`, { headers }),
    close: () => upstream.destroy(),
  };
}

/**
 * The value of one sample in Prometheus's text format: `name{labels}` with the labels given
 * (others ignored); 0 when the series is absent.
 */
export function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  let found = false;
  for (const line of text.split("\n")) {
    if (line.startsWith("#")) continue;
    const match = /^([a-zA-Z_:][\w:]*)(\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = Object.fromEntries(
      [...(match[3] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([key, value]) => present[key] === value)) {
      total += Number(match[4]);
      found = true;
    }
  }
  return found ? total : 0;
}
