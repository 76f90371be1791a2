import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { createUpstream, type UpstreamClients } from "../../src/aws/client.js";
import { createGateway } from "../../src/gateway.js";
import type { ExampleDetector } from "../../src/http/graphiql-tabs.js";
import { loopbackHosts } from "../../src/http/hosts.js";
import { createLogger } from "../../src/ops/logging.js";
import type { PublicIdentity } from "../../src/sandbox/sandbox.js";
import type { SandboxKit } from "./sandbox.js";

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** The body as received (still compressed when Content-Encoding says so). */
  bytes: Buffer;
}

/**
 * One HTTP/1.1 request with exactly these headers (fetch would not send a foreign `Host`, or
 * would add headers of its own).
 */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      { method: options.method ?? "GET", headers: options.headers ?? {}, agent: false },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString("utf8"),
            bytes: Buffer.concat(chunks),
          }),
        );
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(options.body);
  });
}

export interface ServedGateway {
  /** e.g. http://127.0.0.1:43121 */
  origin: string;
  port: number;
  /**
   * Every request the gateway answered, in order, with the bytes its answer took on the wire
   * (status line, headers and body as sent).
   */
  answered: { method: string; path: string; status: number; bytes: number }[];
  /** Resolves once GraphiQL's assets are compressed. */
  precompressGraphiQL(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A gateway on a free loopback port, wired as the server entry wires it: the `Host` check on for
 * loopback names on the listening port, and the given origins allowed.
 */
export async function serveGateway(
  kit: SandboxKit,
  identity: PublicIdentity,
  options: {
    allowedOrigins?: string[];
    regions?: string[];
    exampleDetector?: ExampleDetector;
  } = {},
): Promise<ServedGateway> {
  const upstream: UpstreamClients = createUpstream({
    regions: options.regions ?? identity.regions,
    endpoint: kit.url,
    credentials: { accessKeyId: identity.accessKeyId, secretAccessKey: identity.secretAccessKey },
    maxAttempts: 1,
  });
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const yoga = createGateway({
    upstream,
    allowedOrigins: options.allowedOrigins ?? [],
    allowedHosts: loopbackHosts(port),
    // What `npm start` serves against the sandbox: GraphiQL, introspection and suggestions on.
    graphiql: true,
    introspection: true,
    fieldSuggestions: true,
    ...(options.exampleDetector ? { graphiqlExampleDetector: options.exampleDetector } : {}),
    logger: createLogger("silent"),
    logError: () => {},
  });
  const answered: ServedGateway["answered"] = [];
  server.on("request", (request, response) => {
    // Browsers send one request at a time per connection, so the socket's growth is this answer.
    const writtenBefore = request.socket.bytesWritten;
    response.on("finish", () =>
      answered.push({
        method: request.method ?? "",
        path: request.url ?? "",
        status: response.statusCode,
        bytes: request.socket.bytesWritten - writtenBefore,
      }),
    );
    yoga(request, response);
  });
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    answered,
    precompressGraphiQL: () => yoga.precompressGraphiQL(),
    close: () =>
      new Promise<void>((resolve) => {
        upstream.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A GatewayKit's Yoga served by node:http on a free loopback port. */
export async function listenGateway(
  yoga: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(yoga);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface BinaryResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** One HTTP/1.1 request with exactly these headers; the body comes back as sent (no decoding). */
export async function binaryRequest(
  url: string,
  options: Parameters<typeof rawRequest>[1] = {},
): Promise<BinaryResponse> {
  const { status, headers, bytes } = await rawRequest(url, options);
  return { status, headers, body: bytes };
}
