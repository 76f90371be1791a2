/**
 * Composing the supergraph and running a router over it, as plain functions: the entry files
 * beside this one (compose.ts, router.ts, serve-inventory.ts) and the tests call them.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createGatewayRuntime } from "@graphql-hive/gateway-runtime";
import { composeServices } from "@theguild/federation-composition";
import { parse } from "graphql";

export interface Subgraph {
  name: string;
  /** The subgraph's GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql */
  url: string;
}

/** A subgraph's SDL, as a router fetches it (`_service { sdl }`, federation's own query). */
export async function subgraphSdl(url: string): Promise<string> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ query: "{ _service { sdl } }" }),
  });
  const answer = (await response.json()) as { data?: { _service: { sdl: string } } };
  if (!answer.data) throw new Error(`${url} did not answer _service { sdl } (${response.status})`);
  return answer.data._service.sdl;
}

/** Composes the subgraphs' SDL into a supergraph; throws with every composition error. */
export async function composeSupergraph(subgraphs: readonly Subgraph[]): Promise<string> {
  const services = await Promise.all(
    subgraphs.map(async ({ name, url }) => ({
      name,
      url,
      typeDefs: parse(await subgraphSdl(url)),
    })),
  );
  const result = composeServices(services);
  if (result.errors?.length || !result.supergraphSdl) {
    throw new Error(
      `Composition failed:\n${(result.errors ?? []).map((error) => error.message).join("\n")}`,
    );
  }
  return result.supergraphSdl;
}

export interface Served {
  /** e.g. http://127.0.0.1:4300 */
  origin: string;
  close(): Promise<void>;
}

/** Serves a fetch-style handler (Yoga, the Hive gateway runtime) on node:http. */
export async function serve(
  handler: Parameters<typeof createServer>[1],
  port = 0,
  host = "127.0.0.1",
): Promise<Served> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const address = server.address() as AddressInfo;
  return {
    origin: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Hive Gateway's runtime over a composed supergraph (it reaches subgraphs over HTTP). */
export function createRouter(supergraph: string) {
  return createGatewayRuntime({ supergraph, logging: false });
}
