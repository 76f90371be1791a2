/**
 * Response compression over real HTTP (node:http, raw requests so nothing decodes or adds
 * headers): negotiation by Accept-Encoding with q-values, the size threshold, `Vary`, the
 * responses left alone, and compressed request bodies refused before anything is read.
 */
import { brotliDecompressSync, gunzipSync, gzipSync } from "node:zlib";
import { createServerAdapter } from "@whatwg-node/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { useCompression } from "../../src/http/compression.js";
import { type GatewayKit, gatewayFor, operations } from "../kit/gateway.js";
import { type BinaryResponse, binaryRequest, listenGateway } from "../kit/http.js";
import { type SandboxKit, startSandbox } from "../kit/sandbox.js";

const PAGE = `{ detectors { findings(first: 50) { edges { node { id type title description severity
  resource { resourceType } } } } } }`;

let kit: SandboxKit;
let gateway: GatewayKit;
let served: { url: string; close(): Promise<void> };

beforeAll(async () => {
  kit = await startSandbox({ findingsPerDetector: 60 });
  gateway = gatewayFor(kit, kit.administrator, { regions: ["us-east-1"] });
  served = await listenGateway(gateway.yoga);
});
afterAll(async () => {
  await served.close();
  gateway.close();
  await kit.close();
});
beforeEach(() => kit.clearCalls());

function post(query: string, headers: Record<string, string> = {}, body?: string | Buffer) {
  return binaryRequest(`${served.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json", ...headers },
    body: body ?? JSON.stringify({ query }),
  });
}

function decoded(response: BinaryResponse): string {
  switch (response.headers["content-encoding"]) {
    case "br":
      return brotliDecompressSync(response.body).toString("utf8");
    case "gzip":
      return gunzipSync(response.body).toString("utf8");
    default:
      return response.body.toString("utf8");
  }
}

describe("a large result", () => {
  let plain: BinaryResponse;
  beforeAll(async () => {
    plain = await post(PAGE);
  });

  it("is sent as is to a client that sends no Accept-Encoding", () => {
    expect(plain.status).toBe(200);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body.byteLength).toBeGreaterThan(10_000);
    expect(JSON.parse(plain.body.toString("utf8")).data.detectors[0].findings.edges).toHaveLength(
      50,
    );
    // The representation still depends on Accept-Encoding, for a shared cache's sake.
    expect(plain.headers.vary).toMatch(/Accept-Encoding/);
  });

  it.each([
    ["gzip, deflate, br", "br"],
    ["gzip,br", "br"],
    ["gzip", "gzip"],
    ["br;q=0.5, gzip", "gzip"],
    ["gzip;q=0.2, br;q=0.9", "br"],
    ["*", "br"],
    ["br;q=0, *;q=0.1", "gzip"],
    ["identity", undefined],
    ["br;q=0, gzip;q=0", undefined],
    ["deflate, zstd", undefined],
  ])("Accept-Encoding %j is answered with %s", async (accept, coding) => {
    const response = await post(PAGE, { "accept-encoding": accept });
    expect(response.status).toBe(200);
    expect(response.headers["content-encoding"]).toBe(coding);
    expect(response.headers.vary).toMatch(/Accept-Encoding/);
    expect(decoded(response)).toBe(plain.body.toString("utf8"));
    if (coding) {
      expect(Number(response.headers["content-length"])).toBe(response.body.byteLength);
      expect(response.body.byteLength).toBeLessThan(plain.body.byteLength / 4);
    }
  });
});

describe("what is not compressed", () => {
  it("a result under the threshold (1 KiB)", async () => {
    const response = await post("{ detectors { region } }", { "accept-encoding": "br, gzip" });
    expect(response.status).toBe(200);
    expect(response.headers["content-encoding"]).toBeUndefined();
    expect(JSON.parse(response.body.toString("utf8"))).toEqual({
      data: { detectors: [{ region: "us-east-1" }] },
    });
  });

  it("errors the gateway answers before execution (413) stay plain and readable", async () => {
    const body = JSON.stringify({ query: `{ detectors { region } }${" ".repeat(1_100_000)}` });
    const response = await post("", { "accept-encoding": "gzip" }, body);
    expect(response.status).toBe(413);
    expect(response.headers["content-encoding"]).toBeUndefined();
    expect(JSON.parse(response.body.toString("utf8")).errors[0].extensions.code).toBe(
      "PAYLOAD_TOO_LARGE",
    );
  });

  it("a HEAD request", async () => {
    const response = await binaryRequest(`${served.url}/healthz`, {
      method: "HEAD",
      headers: { "accept-encoding": "gzip" },
    });
    expect(response.headers["content-encoding"]).toBeUndefined();
    expect(response.body.byteLength).toBe(0);
  });

  describe("responses another handler prepared (the plugin alone on a server adapter)", () => {
    const large = JSON.stringify({ text: "x".repeat(10_000) });
    const precompressed = gzipSync(large);
    let url: string;
    let close: () => Promise<void>;
    beforeAll(async () => {
      const adapter = createServerAdapter(
        (request: Request) => {
          const path = new URL(request.url).pathname;
          if (path === "/asset.js") {
            return new Response(precompressed, {
              headers: { "content-type": "text/javascript", "content-encoding": "gzip" },
            });
          }
          if (path === "/not-modified") return new Response(null, { status: 304 });
          if (path === "/image") {
            return new Response(new Uint8Array(10_000), {
              headers: { "content-type": "image/png" },
            });
          }
          if (path === "/no-transform") {
            return new Response(large, {
              headers: { "content-type": "application/json", "cache-control": "no-transform" },
            });
          }
          return new Response(large, { headers: { "content-type": "application/json" } });
        },
        { plugins: [useCompression(1_024)] },
      );
      ({ url, close } = await listenGateway(adapter));
    });
    afterAll(() => close());

    it("a response that already has a Content-Encoding is passed through byte for byte", async () => {
      const response = await binaryRequest(`${url}/asset.js`, {
        headers: { "accept-encoding": "br" },
      });
      expect(response.headers["content-encoding"]).toBe("gzip");
      expect(response.body.equals(precompressed)).toBe(true);
    });

    it("304 Not Modified, an image, and Cache-Control: no-transform", async () => {
      for (const path of ["/not-modified", "/image", "/no-transform"]) {
        const response = await binaryRequest(`${url}${path}`, {
          headers: { "accept-encoding": "br" },
        });
        expect(response.headers["content-encoding"], path).toBeUndefined();
      }
    });

    it("the same JSON without those marks is compressed", async () => {
      const response = await binaryRequest(`${url}/json`, { headers: { "accept-encoding": "br" } });
      expect(response.headers["content-encoding"]).toBe("br");
      expect(decoded(response)).toBe(large);
    });
  });
});

describe("compressed request bodies", () => {
  it("are refused with 415 before the body is read or GuardDuty is called", async () => {
    // 10 MB of spaces inside a valid JSON document gzip to about 10 KB: a zip bomb in small.
    const bomb = gzipSync(`{"query":"{ detectors { region } }"${" ".repeat(10_000_000)}}`);
    expect(bomb.byteLength).toBeLessThan(20_000);
    const response = await post("", { "content-encoding": "gzip" }, bomb);
    expect(response.status).toBe(415);
    expect(response.headers["accept-encoding"]).toBe("identity");
    expect(JSON.parse(response.body.toString("utf8")).errors[0].extensions).toEqual({
      code: "UNSUPPORTED_CONTENT_ENCODING",
      requestId: expect.any(String),
    });
    expect(await operations(kit)).toEqual([]);
  });

  it("Content-Encoding: identity is the same as none", async () => {
    const response = await post("{ detectors { region } }", { "content-encoding": "identity" });
    expect(response.status).toBe(200);
  });
});
