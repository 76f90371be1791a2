/**
 * The GraphiQL page: a small HTML shell at the endpoint that a browser revalidates on each visit
 * (`no-cache` and an ETag answered with 304), and its script, stylesheet, icon and editor
 * workers at content-hashed URLs under `/graphiql/assets/`, cached for a year and sent
 * compressed (src/http/graphiql-assets.ts). A reload then costs one small request and a 304.
 *
 * The page has no inline script, so its Content-Security-Policy allows scripts and workers from
 * its own origin only. Only an exact match in the fixed table of assets is served: no directory
 * listing, no file system path is ever built from the URL.
 */
import { createHash } from "node:crypto";
import type { GraphiQLOptions, Plugin } from "graphql-yoga";
import {
  type Asset,
  createAsset,
  encodedBody,
  GRAPHIQL_ASSET_PREFIX,
  type GraphiQLAssets,
  graphiqlAssets,
  IMMUTABLE_CACHE_CONTROL,
  precompress,
  staticAssetList,
} from "./graphiql-assets.js";

export interface GraphiQLPage {
  body: Uint8Array<ArrayBuffer>;
  headers: Record<string, string>;
  /** Every file the page loads, by URL path. */
  assets: ReadonlyMap<string, Asset>;
}

/** CSP for the shell: everything from its own origin, nothing inline but styles. */
export function graphiqlContentSecurityPolicy(): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    // The editor (Monaco) adds <style> elements and style="" attributes at run time (themes,
    // decorations, layout), which no hash known in advance can cover, so inline styles are
    // allowed. Styles cannot run code; scripts come only from this origin's asset files.
    "style-src 'self' 'unsafe-inline'",
    // The stylesheet embeds small icons as data: URLs; its fonts are files of their own.
    "img-src 'self' data:",
    "font-src 'self' data:",
    "worker-src 'self'",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/**
 * Tells the editor where its workers are. It runs before the GraphiQL script, which reads
 * `MonacoEnvironment` when it starts a worker.
 */
function environmentScript(assets: GraphiQLAssets): string {
  const urls = Object.fromEntries(
    Object.entries(assets.workers).map(([label, asset]) => [label, asset.path]),
  );
  return `"use strict";
self.MonacoEnvironment = {
  globalAPI: false,
  getWorkerUrl: function (_moduleId, label) { return ${JSON.stringify(urls)}[label]; },
};
`;
}

/** Renders GraphiQL into the page with the gateway's options (tabs, headers, title). */
function renderScript(options: GraphiQLOptions): string {
  return `"use strict";
YogaGraphiQL.renderYogaGraphiQL(document.querySelector("#root"), ${JSON.stringify(options)});
`;
}

function shellHtml(title: string, assets: GraphiQLAssets, scripts: readonly Asset[]): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="${assets.icon.path}">
<link rel="stylesheet" href="${assets.stylesheet.path}">
</head>
<body id="body" class="no-focus-outline">
<noscript>You need to enable JavaScript to run this app.</noscript>
<div id="root"></div>
${scripts.map((script) => `<script src="${script.path}"></script>`).join("\n")}
</body>
</html>
`;
}

const JAVASCRIPT = "text/javascript; charset=utf-8";

export function renderGraphiQLPage(options: GraphiQLOptions): GraphiQLPage {
  const assets = graphiqlAssets();
  const encoder = new TextEncoder();
  const environment = createAsset(
    "environment",
    "js",
    JAVASCRIPT,
    encoder.encode(environmentScript(assets)),
  );
  const render = createAsset("render", "js", JAVASCRIPT, encoder.encode(renderScript(options)));
  const scripts = [environment, assets.script, render];
  const html = shellHtml(options.title ?? "GraphiQL", assets, scripts);
  const body = encoder.encode(html);
  const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 22)}"`;
  const all = [...staticAssetList(assets), environment, render];
  return {
    body,
    assets: new Map(all.map((asset) => [asset.path, asset])),
    headers: {
      "content-type": "text/html; charset=utf-8",
      "content-length": String(body.byteLength),
      "cache-control": "no-cache",
      etag,
      "content-security-policy": graphiqlContentSecurityPolicy(),
      "referrer-policy": "no-referrer",
      "x-frame-options": "DENY",
      "cross-origin-opener-policy": "same-origin",
    },
  };
}

/** The same requests Yoga's own GraphiQL answers: a GET of the endpoint that accepts HTML. */
export function isGraphiQLPageRequest(request: Request, endpoint: string): boolean {
  if (request.method !== "GET" || !request.headers.get("accept")?.includes("text/html")) {
    return false;
  }
  const { pathname } = new URL(request.url);
  return pathname === endpoint || pathname === `${endpoint}/`;
}

/** Any request under the asset prefix (answered by the page plugin, never by GraphQL). */
export function isGraphiQLAssetRequest(request: Request): boolean {
  return new URL(request.url).pathname.startsWith(GRAPHIQL_ASSET_PREFIX);
}

/** Whether an If-None-Match header names `etag` (weak comparison, RFC 9110 section 13.1.2). */
export function matchesEtag(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === "*") return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, "");
  return ifNoneMatch.split(",").map(opaque).includes(opaque(etag));
}

type FetchAPI = { Response: typeof Response };

function pageResponse(fetchAPI: FetchAPI, request: Request, page: GraphiQLPage): Response {
  const etag = page.headers.etag as string;
  if (matchesEtag(request.headers.get("if-none-match"), etag)) {
    const { "content-length": _length, "content-type": _type, ...headers } = page.headers;
    return new fetchAPI.Response(null, { status: 304, headers });
  }
  return new fetchAPI.Response(page.body, { status: 200, headers: page.headers });
}

function plainResponse(
  fetchAPI: FetchAPI,
  status: number,
  text: string,
  extra: Record<string, string> = {},
): Response {
  return new fetchAPI.Response(text, {
    status,
    headers: { "content-type": "text/plain; charset=utf-8", ...extra },
  });
}

async function assetResponse(
  fetchAPI: FetchAPI,
  request: Request,
  assets: ReadonlyMap<string, Asset>,
): Promise<Response> {
  if (request.method !== "GET" && request.method !== "HEAD") {
    return plainResponse(fetchAPI, 405, "Method not allowed.", { allow: "GET, HEAD" });
  }
  const asset = assets.get(new URL(request.url).pathname);
  if (!asset) return plainResponse(fetchAPI, 404, "Not found.");
  // Weak: the br, gzip and plain bytes are one content, which is what a revalidation asks about.
  const etag = `W/"${asset.hash}"`;
  const common = {
    "cache-control": IMMUTABLE_CACHE_CONTROL,
    etag,
    // The same URL answers br, gzip or identity bytes: caches must key on the request's header.
    vary: "Accept-Encoding",
  };
  if (matchesEtag(request.headers.get("if-none-match"), etag)) {
    return new fetchAPI.Response(null, { status: 304, headers: common });
  }
  const { encoding, body } = await encodedBody(asset, request.headers.get("accept-encoding"));
  const headers: Record<string, string> = {
    ...common,
    "content-type": asset.contentType,
    "content-length": String(body.byteLength),
    ...(encoding === "identity" ? {} : { "content-encoding": encoding }),
  };
  return new fetchAPI.Response(request.method === "HEAD" ? null : body, { status: 200, headers });
}

export interface GraphiQLPagePlugin extends Plugin {
  /** Compresses every asset ahead of the first visit; resolves when all are ready. */
  precompress(): Promise<void>;
}

/** Yoga plugin serving the page and its assets; use with Yoga's `graphiql: false`. */
export function useGraphiQLPage(endpoint: string, options: GraphiQLOptions): GraphiQLPagePlugin {
  let page: GraphiQLPage | undefined;
  const pageOf = (): GraphiQLPage => {
    page ??= renderGraphiQLPage(options);
    return page;
  };
  return {
    precompress: () => precompress([...pageOf().assets.values()]),
    onRequest({ request, fetchAPI, endResponse }) {
      if (isGraphiQLPageRequest(request, endpoint)) {
        const current = pageOf();
        // Brotli for every file, in the background from the first visit on (not at start-up,
        // where its seconds of CPU would slow every process that never serves the page). Until
        // a file's brotli bytes exist it is sent gzip; a failure surfaces on a request that has
        // to wait for brotli.
        precompress([...current.assets.values()]).catch(() => undefined);
        endResponse(pageResponse(fetchAPI, request, current));
        return;
      }
      if (!isGraphiQLAssetRequest(request)) return;
      return assetResponse(fetchAPI, request, pageOf().assets).then(endResponse);
    },
  };
}
