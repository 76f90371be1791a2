/**
 * GraphiQL's shell and asset files over real HTTP: compression by Accept-Encoding, caching
 * (a revalidated shell, immutable assets), and what a hostile or confused client gets (unknown
 * or crafted paths, other methods, a foreign Host, a cross-site script load).
 */
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Asset,
  acceptedQuality,
  encodedBody,
  IMMUTABLE_CACHE_CONTROL,
  precompress,
} from "../../src/http/graphiql-assets.js";
import { type GatewayKit, gatewayFor } from "../kit/gateway.js";
import { type RawResponse, rawRequest, type ServedGateway, serveGateway } from "../kit/http.js";
import { type SandboxKit, startSandbox } from "../kit/sandbox.js";

let kit: SandboxKit;
let gateway: ServedGateway;
let shell: RawResponse;
/** Every file the shell links, by URL path. */
let linked: string[];

const HTML = { accept: "text/html" };

function get(path: string, headers: Record<string, string> = {}, method = "GET") {
  return rawRequest(`${gateway.origin}${path}`, { method, headers });
}

function header(response: RawResponse, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
}

function decoded(response: RawResponse): Buffer {
  const encoding = header(response, "content-encoding");
  if (encoding === "br") return brotliDecompressSync(response.bytes);
  if (encoding === "gzip") return gunzipSync(response.bytes);
  return response.bytes;
}

beforeAll(async () => {
  kit = await startSandbox({ findingsPerDetector: 5 });
  gateway = await serveGateway(kit, kit.administrator);
  await gateway.precompressGraphiQL();
  shell = await get("/graphql", HTML);
  linked = [...shell.body.matchAll(/(?:src|href)="(\/graphiql\/assets\/[^"]+)"/g)].map(
    (match) => match[1] as string,
  );
}, 180_000);

afterAll(async () => {
  await gateway?.close();
  await kit?.close();
});

describe("the shell", () => {
  it("is small, revalidated on every visit, and answers 304 to its ETag", async () => {
    expect(shell.status).toBe(200);
    expect(shell.bytes.byteLength).toBeLessThan(4_096);
    expect(header(shell, "cache-control")).toBe("no-cache");
    const etag = header(shell, "etag") as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await get("/graphql", { ...HTML, "if-none-match": etag });
    expect(again.status).toBe(304);
    expect(again.bytes.byteLength).toBe(0);
    expect(header(again, "etag")).toBe(etag);
    expect(header(again, "content-security-policy")).toBe(header(shell, "content-security-policy"));
    const stale = await get("/graphql", { ...HTML, "if-none-match": '"other"' });
    expect(stale.status).toBe(200);
  });

  it("links a stylesheet, an icon, three scripts, all content-hashed", () => {
    expect(linked).toHaveLength(5);
    for (const path of linked)
      expect(path).toMatch(/^\/graphiql\/assets\/[\w.]+\.[0-9a-f]{16}\.\w+$/);
  });
});

describe("asset files", () => {
  it("come brotli-compressed, immutable, with their type and length, for a browser", async () => {
    for (const path of linked) {
      const response = await get(path, { "accept-encoding": "gzip, deflate, br, zstd" });
      expect(response.status).toBe(200);
      expect(header(response, "content-encoding")).toBe("br");
      expect(header(response, "cache-control")).toBe(IMMUTABLE_CACHE_CONTROL);
      expect(header(response, "vary")?.toLowerCase()).toContain("accept-encoding");
      expect(Number(header(response, "content-length"))).toBe(response.bytes.byteLength);
      const type = header(response, "content-type");
      if (path.endsWith(".js")) expect(type).toBe("text/javascript; charset=utf-8");
      if (path.endsWith(".css")) expect(type).toBe("text/css; charset=utf-8");
      if (path.endsWith(".ico")) expect(type).toBe("image/x-icon");
      const plain = await get(path);
      expect(header(plain, "content-encoding")).toBeUndefined();
      expect(decoded(response).equals(plain.bytes)).toBe(true);
      expect(response.bytes.byteLength).toBeLessThan(plain.bytes.byteLength);
    }
  });

  it("come gzip-compressed to a client without brotli, and as they are to one refusing both", async () => {
    const script = linked.find((path) => path.includes("/graphiql.")) as string;
    const plain = await get(script);
    const gzip = await get(script, { "accept-encoding": "gzip" });
    expect(header(gzip, "content-encoding")).toBe("gzip");
    expect(decoded(gzip).equals(plain.bytes)).toBe(true);
    const refused = await get(script, { "accept-encoding": "br;q=0, gzip;q=0" });
    expect(header(refused, "content-encoding")).toBeUndefined();
    expect(refused.bytes.equals(plain.bytes)).toBe(true);
    // The page's own scripts and the workers they name come from the same table.
    const environment = (await get(linked.find((p) => p.includes("/environment.")) as string)).body;
    const workers = [
      ...environment.matchAll(/"(\/graphiql\/assets\/[\w.]+\.worker\.[0-9a-f]+\.js)"/g),
    ];
    expect(workers).toHaveLength(3);
    for (const [, path] of workers) expect((await get(path as string)).status).toBe(200);
  });

  it("answer HEAD with the headers alone and If-None-Match with 304", async () => {
    const path = linked[0] as string;
    const head = await get(path, { "accept-encoding": "br" }, "HEAD");
    expect(head.status).toBe(200);
    expect(head.bytes.byteLength).toBe(0);
    expect(Number(header(head, "content-length"))).toBeGreaterThan(0);
    const etag = header(head, "etag") as string;
    const revalidated = await get(path, { "if-none-match": etag });
    expect(revalidated.status).toBe(304);
    expect(revalidated.bytes.byteLength).toBe(0);
  });
});

describe("what is not an asset", () => {
  it("is 404: unknown names, the directory, crafted paths, a wrong hash", async () => {
    const script = linked.find((path) => path.includes("/graphiql.")) as string;
    for (const path of [
      "/graphiql/assets/",
      "/graphiql/assets",
      "/graphiql/assets/graphiql.js",
      script.replace(/[0-9a-f]{16}/, "0000000000000000"),
      `${script}/`,
      `${script}%00`,
      "/graphiql/assets/..%2f..%2fpackage.json",
      "/graphiql/assets/%2e%2e/%2e%2e/package.json",
      "/graphiql/assets/..%5cpackage.json",
      `/${script.slice(1).replaceAll("/", "%2f")}`,
      script.replace("/graphiql/assets/", "/graphiql/assets//"),
    ]) {
      const response = await get(path);
      expect([path, response.status]).toEqual([path, 404]);
      expect(response.body).not.toContain("YogaGraphiQL");
    }
  });

  it("refuses other methods with 405 and Allow", async () => {
    for (const method of ["POST", "PUT", "DELETE", "PATCH"]) {
      const response = await get(
        linked[0] as string,
        { "content-type": "application/json" },
        method,
      );
      expect(response.status).toBe(405);
      expect(header(response, "allow")).toBe("GET, HEAD");
    }
  });

  it("refuses a foreign Host and another site's script tag", async () => {
    const path = linked[0] as string;
    const rebound = await get(path, { host: "attacker.example" });
    expect(rebound.status).toBe(403);
    expect(JSON.parse(rebound.body).errors[0].extensions.code).toBe("HOST_NOT_ALLOWED");
    const crossSite = await get(path, {
      "sec-fetch-site": "cross-site",
      "sec-fetch-mode": "no-cors",
      "sec-fetch-dest": "script",
    });
    expect(crossSite.status).toBe(403);
  });
});

describe("with GraphiQL off", () => {
  let off: GatewayKit;
  beforeAll(() => {
    off = gatewayFor(kit, kit.administrator, { gateway: {} });
  });
  afterAll(() => off.close());

  it("serves neither the shell nor an asset", async () => {
    expect((await off.fetch("/graphql", { headers: HTML })).status).not.toBe(200);
    expect((await off.fetch(linked[0] as string)).status).toBe(404);
  });
});

describe("Accept-Encoding", () => {
  it("is read with its q-values, wildcard and identity rules", () => {
    expect(acceptedQuality("gzip, br", "br")).toBe(1);
    expect(acceptedQuality("gzip;q=0.5, br;q=0", "br")).toBe(0);
    expect(acceptedQuality("gzip;q=0.5", "gzip")).toBe(0.5);
    expect(acceptedQuality("*", "br")).toBe(1);
    expect(acceptedQuality("*;q=0", "identity")).toBe(0);
    expect(acceptedQuality("gzip", "identity")).toBe(1);
    expect(acceptedQuality(null, "br")).toBe(0);
    expect(acceptedQuality(null, "identity")).toBe(1);
    expect(acceptedQuality("BR", "br")).toBe(1);
  });
});

describe("the process's very first visitor", () => {
  it("gets a quick brotli, smaller than gzip, while the best one is made; later ones get the best", async () => {
    // An asset this process has not compressed yet (its own hash), of script-like text.
    const text = Array.from({ length: 20_000 }, (_, i) => `function f${i}(a){return a*${i % 97};}`);
    const bytes = new TextEncoder().encode(text.join("\n"));
    const asset: Asset = {
      path: "/graphiql/assets/first-visit.test.js",
      contentType: "text/javascript; charset=utf-8",
      bytes,
      hash: `first-visit-${process.pid}-${Date.now()}`,
    };
    const first = await encodedBody(asset, "gzip, deflate, br, zstd");
    expect(first.encoding).toBe("br");
    expect(brotliDecompressSync(first.body).equals(Buffer.from(bytes))).toBe(true);
    const gzip = await encodedBody(asset, "gzip");
    expect(first.body.byteLength).toBeLessThan(gzip.body.byteLength);
    await precompress([asset]);
    const later = await encodedBody(asset, "br");
    expect(brotliDecompressSync(later.body).equals(Buffer.from(bytes))).toBe(true);
    expect(later.body.byteLength).toBeLessThanOrEqual(first.body.byteLength);
  });
});
