import { connect, createServer, type Server, type Socket } from "node:net";

/**
 * A TCP upstream on loopback that the test controls: in "stall" mode it accepts connections and
 * never answers (a GuardDuty endpoint that hangs); in "forward" mode it pipes each connection to
 * `target` (the sandbox), so the same gateway can be shown to work again afterwards.
 */
export interface ControlledUpstream {
  url: string;
  port: number;
  mode: "stall" | "forward";
  /** Connections accepted so far. */
  accepted: number;
  /** Connections open right now, as the server counts them. */
  openConnections(): Promise<number>;
  /** Resolves once no connection is open, or fails after `withinMs`. */
  waitUntilNoConnections(withinMs: number): Promise<void>;
  /** Stops listening (connections are then refused) or listens again on the same port. */
  stopListening(): Promise<void>;
  listenAgain(): Promise<void>;
  close(): Promise<void>;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : port);
    });
  });
}

export async function startControlledUpstream(target: {
  port: number;
}): Promise<ControlledUpstream> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    upstream.accepted += 1;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
    if (upstream.mode === "stall") {
      socket.resume(); // read and drop the request; never answer
      return;
    }
    const forward = connect(target.port, "127.0.0.1");
    forward.on("error", () => socket.destroy());
    socket.pipe(forward).pipe(socket);
    socket.on("close", () => forward.destroy());
  });
  const port = await listen(server, 0);
  const upstream: ControlledUpstream = {
    url: `http://127.0.0.1:${port}`,
    port,
    mode: "stall",
    accepted: 0,
    openConnections: () =>
      new Promise((resolve, reject) =>
        server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
      ),
    async waitUntilNoConnections(withinMs) {
      const until = Date.now() + withinMs;
      let open = await upstream.openConnections();
      while (open > 0 && Date.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        open = await upstream.openConnections();
      }
      if (open > 0) throw new Error(`${open} connection(s) still open after ${withinMs} ms`);
    },
    stopListening: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
    async listenAgain() {
      await listen(server, port);
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return upstream;
}
