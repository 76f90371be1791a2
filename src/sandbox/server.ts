import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type HostPattern, isLoopbackAddress, LOOPBACK_HOSTNAMES } from "../http/hosts.js";
import { refuseBrowserRequest } from "./browser-guard.js";
import type { Sandbox } from "./sandbox.js";
import { errorResponse, type SandboxRequest, type SandboxResponse } from "./wire.js";

export interface RunningSandbox {
  /** e.g. http://127.0.0.1:43121 */
  url: string;
  port: number;
  close(): Promise<void>;
}

// Larger bodies than any GuardDuty request (50 ids, criteria) are refused before buffering.
const MAX_BODY_BYTES = 1024 * 1024;

function readBody(request: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(undefined);
        request.resume();
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function toSandboxRequest(request: IncomingMessage, body: string): SandboxRequest {
  const url = request.url ?? "/";
  const queryAt = url.indexOf("?");
  return {
    method: request.method ?? "GET",
    path: queryAt === -1 ? url : url.slice(0, queryAt),
    query: new URLSearchParams(queryAt === -1 ? "" : url.slice(queryAt + 1)),
    headers: request.headers as Record<string, string | undefined>,
    body,
  };
}

function send(response: ServerResponse, answer: SandboxResponse): void {
  // No sandbox answer is meant to be rendered or sniffed as anything but what it says.
  response.writeHead(answer.status, { ...answer.headers, "x-content-type-options": "nosniff" });
  response.end(answer.body);
}

async function serve(
  sandbox: Sandbox,
  request: IncomingMessage,
  response: ServerResponse,
  allowedHosts: readonly HostPattern[] | undefined,
) {
  const refused = refuseBrowserRequest(request.headers, allowedHosts);
  if (refused) {
    request.resume();
    send(response, errorResponse(refused));
    return;
  }
  const body = await readBody(request);
  if (body === undefined) {
    response.writeHead(413, {
      "content-type": "application/json",
      "x-amzn-errortype": "BadRequestException",
    });
    response.end(
      JSON.stringify({
        message: "The request body is too large.",
        __type: "InvalidInputException",
      }),
    );
    return;
  }
  send(response, await sandbox.handle(toSandboxRequest(request, body)));
}

/**
 * Serves a sandbox over HTTP on loopback; port 0 picks a free port (tests always do). Bound to
 * loopback, it answers only to loopback names (any port: the SDK and CLI send the one they use).
 */
export function listenSandbox(
  sandbox: Sandbox,
  port = 0,
  host = "127.0.0.1",
): Promise<RunningSandbox> {
  const allowedHosts: HostPattern[] | undefined = isLoopbackAddress(host)
    ? LOOPBACK_HOSTNAMES.map((hostname) => ({ hostname }))
    : undefined;
  const server: Server = createServer((request, response) => {
    serve(sandbox, request, response, allowedHosts).catch((error: unknown) => {
      console.error("sandbox: failed to answer", error);
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  // The SDK reuses connections; keep them open longer than its idle timeout to avoid resets.
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const { port: actual } = server.address() as AddressInfo;
      resolve({
        url: `http://${host}:${actual}`,
        port: actual,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
