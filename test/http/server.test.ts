import type { ServerResponse } from "node:http";
import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import { type RunningHttpServer, startHttpServer } from "../../src/http/server.js";

/** A listener that answers each request after `delayMs` (or when `release()` is called). */
function slowListener(delayMs: number) {
  const waiting = new Set<ServerResponse>();
  const answer = (response: ServerResponse) => {
    if (!waiting.delete(response)) return;
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify({ data: { ok: true } }));
  };
  return {
    waiting,
    listener: (_request: unknown, response: ServerResponse) => {
      waiting.add(response);
      setTimeout(() => answer(response), delayMs);
    },
    release: () => {
      for (const response of [...waiting]) answer(response);
    },
  };
}

/** A raw HTTP/1.1 exchange on a socket opened now, the request sent when `send()` is called. */
function openConnection(server: RunningHttpServer) {
  const socket = connect(server.port, "127.0.0.1");
  const received = new Promise<string>((resolve) => {
    let text = "";
    socket.on("data", (chunk) => {
      text += chunk.toString();
    });
    socket.on("close", () => resolve(text));
    socket.on("error", () => resolve(text));
  });
  const connected = new Promise<void>((resolve) => socket.once("connect", () => resolve()));
  return {
    connected,
    send(path = "/graphql") {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: gateway.test\r\n\r\n`);
      return received;
    },
  };
}

async function waitFor(condition: () => boolean, withinMs: number): Promise<void> {
  const until = Date.now() + withinMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`condition not met within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const refused = (url: string) =>
  fetch(url).then(
    () => "answered",
    (error: { cause?: { code?: string } }) => error.cause?.code,
  );

describe("the HTTP server's drain", () => {
  it("with nothing in flight, stops at once and refuses new connections", async () => {
    const server = await startHttpServer(slowListener(0).listener, { host: "127.0.0.1", port: 0 });
    expect(await (await fetch(server.url)).json()).toEqual({ data: { ok: true } });
    const started = performance.now();
    expect(await server.shutdown(5_000)).toEqual({ drained: true, inFlightAtStart: 0, cut: 0 });
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(await refused(server.url)).toBe("ECONNREFUSED");
  });

  it("lets requests in flight finish, asks their clients to close, and answers 503 on connections opened before", async () => {
    const slow = slowListener(60_000);
    const server = await startHttpServer(slow.listener, { host: "127.0.0.1", port: 0 });
    const early = openConnection(server);
    await early.connected;
    const inFlight = [fetch(server.url), fetch(server.url)];
    await waitFor(() => slow.waiting.size === 2, 5_000);
    const outcome = server.shutdown(10_000);
    expect(await refused(server.url)).toBe("ECONNREFUSED");
    const late = await early.send();
    expect(late).toMatch(/^HTTP\/1\.1 503 /);
    expect(late).toMatch(/\r\nconnection: close\r\n/i);
    expect(JSON.parse(late.slice(late.indexOf("\r\n\r\n") + 4))).toEqual({
      errors: [
        {
          message: "The gateway is shutting down; nothing was run. Send the request again.",
          extensions: { code: "SHUTTING_DOWN" },
        },
      ],
    });
    expect(server.inFlight()).toBe(2);
    slow.release();
    for (const response of await Promise.all(inFlight)) {
      expect(response.status).toBe(200);
      expect(response.headers.get("connection")).toBe("close");
      expect(await response.json()).toEqual({ data: { ok: true } });
    }
    expect(await outcome).toEqual({ drained: true, inFlightAtStart: 2, cut: 0 });
  });

  it("cuts what is still in flight when the grace period ends, and reports it", async () => {
    const slow = slowListener(60_000);
    let cutAt = 0;
    const server = await startHttpServer(slow.listener, {
      host: "127.0.0.1",
      port: 0,
      // What the gateway does: make the requests answer now (their upstream calls are aborted).
      onGraceExpired: () => {
        cutAt = performance.now();
        slow.release();
      },
    });
    const inFlight = fetch(server.url);
    await waitFor(() => slow.waiting.size === 1, 5_000);
    const started = performance.now();
    const outcome = await server.shutdown(300);
    expect(outcome).toEqual({ drained: false, inFlightAtStart: 1, cut: 1 });
    expect(cutAt - started).toBeGreaterThanOrEqual(290);
    expect((await inFlight).status).toBe(200);
  });

  it("closes the connections of requests that do not answer even when cut", async () => {
    const slow = slowListener(60_000);
    const server = await startHttpServer(slow.listener, {
      host: "127.0.0.1",
      port: 0,
      cutAnswerMs: 200,
    });
    const inFlight = fetch(server.url).catch((error: { cause?: { code?: string } }) => error);
    await waitFor(() => slow.waiting.size === 1, 5_000);
    const started = performance.now();
    expect(await server.shutdown(100)).toEqual({ drained: false, inFlightAtStart: 1, cut: 1 });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(await inFlight).toBeInstanceOf(Error);
  });

  it("ends the grace period early on request (a second signal)", async () => {
    const slow = slowListener(60_000);
    const server = await startHttpServer(slow.listener, {
      host: "127.0.0.1",
      port: 0,
      onGraceExpired: () => slow.release(),
    });
    const inFlight = fetch(server.url);
    await waitFor(() => slow.waiting.size === 1, 5_000);
    const started = performance.now();
    const outcome = server.shutdown(60_000);
    server.expireGrace();
    expect(await outcome).toEqual({ drained: false, inFlightAtStart: 1, cut: 1 });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect((await inFlight).status).toBe(200);
  });

  it("answers 500 when the listener throws or rejects, and keeps serving", async () => {
    let calls = 0;
    const server = await startHttpServer(
      (_request, response) => {
        calls += 1;
        if (calls === 1) throw new Error("listener bug");
        if (calls === 2) return Promise.reject(new Error("async listener bug"));
        response.end("ok");
      },
      { host: "127.0.0.1", port: 0 },
    );
    expect((await fetch(server.url)).status).toBe(500);
    expect((await fetch(server.url)).status).toBe(500);
    expect(await (await fetch(server.url)).text()).toBe("ok");
    await server.shutdown(1_000);
  });
});
