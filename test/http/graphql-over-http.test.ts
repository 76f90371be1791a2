/**
 * The GraphQL-over-HTTP spec's server audits (graphql-http's `serverAudits`) against the gateway
 * with its browser protections on: the rules above must not cost spec conformance. They do not
 * send browser headers (Origin, Sec-Fetch-*), so every audit applies as written.
 */
import { serverAudits } from "graphql-http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayKit, gatewayFor } from "../kit/gateway.js";
import { type SandboxKit, startSandbox } from "../kit/sandbox.js";

let kit: SandboxKit;
let open: GatewayKit;
let strict: GatewayKit;

beforeAll(async () => {
  kit = await startSandbox({ findingsPerDetector: 5 });
  open = gatewayFor(kit, kit.administrator, { regions: ["us-east-1"] });
  strict = gatewayFor(kit, kit.administrator, {
    regions: ["us-east-1"],
    allowedOrigins: ["http://app.example.test"],
    allowedHosts: ["localhost:4000", "127.0.0.1:4000", "[::1]:4000"],
  });
});
afterAll(async () => {
  open.close();
  strict.close();
  await kit.close();
});

const SETUPS = [
  { name: "createGateway's defaults", url: "http://gateway.test/graphql", gateway: () => open },
  {
    name: "the loopback Host check and an allowed origin",
    url: "http://127.0.0.1:4000/graphql",
    gateway: () => strict,
  },
];

describe.each(SETUPS)("GraphQL over HTTP audits with $name", ({ url, gateway }) => {
  const audits = serverAudits({
    url,
    fetchFn: (input: RequestInfo | URL, init?: RequestInit) =>
      gateway().fetch(String(input instanceof Request ? input.url : input), init),
  });

  it("has the full list", () => {
    expect(audits.length).toBe(61);
  });

  it.each(audits.map((audit) => ({ id: audit.id, name: audit.name, audit })))(
    "$id $name",
    async ({ audit }) => {
      const result = await audit.fn();
      expect(result.status, result.status === "ok" ? "" : result.reason).toBe("ok");
    },
  );
});
