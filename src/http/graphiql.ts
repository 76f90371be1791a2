/**
 * The GraphiQL page, served with a Content-Security-Policy that allows exactly its own inlined
 * script and stylesheet (by hash), the editor's workers (blob: URLs the page creates) and
 * requests to its own origin. `@graphql-yoga/render-graphiql` inlines every asset (about 9 MB),
 * so the page is rendered, hashed and encoded once per gateway, on first use.
 */
import { createHash } from "node:crypto";
import { renderGraphiQL } from "@graphql-yoga/render-graphiql";
import type { GraphiQLOptions, Plugin } from "graphql-yoga";

export interface GraphiQLPage {
  body: Uint8Array<ArrayBuffer>;
  headers: Record<string, string>;
}

/**
 * The text of each inline `<tag>` element. An HTML parser ends such an element at the first
 * `</tag` followed by whitespace, `/` or `>`, and so does this (case-insensitively).
 */
export function inlineElements(html: string, tag: "script" | "style"): string[] {
  const pattern = new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}[\\s/>]`, "gi");
  return [...html.matchAll(pattern)].map((match) => match[1] as string);
}

function sha256Source(text: string): string {
  return `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
}

/** CSP for a page whose only scripts and styles are `html`'s inline elements. */
export function graphiqlContentSecurityPolicy(html: string): string {
  const scripts = inlineElements(html, "script").map(sha256Source);
  return [
    "default-src 'none'",
    `script-src ${scripts.join(" ")}`,
    // The editor (Monaco) adds <style> elements and style="" attributes at run time (themes,
    // decorations, layout), which no hash known in advance can cover, so inline styles are
    // allowed. Styles cannot run code; scripts stay pinned to their hashes.
    "style-src 'unsafe-inline'",
    "img-src data:",
    "font-src data:",
    // The page creates its editor workers from blob: URLs of inlined code.
    "worker-src blob:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function renderGraphiQLPage(options: GraphiQLOptions): GraphiQLPage {
  const html = renderGraphiQL(options);
  const body = new TextEncoder().encode(html);
  return {
    body,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "content-length": String(body.byteLength),
      "content-security-policy": graphiqlContentSecurityPolicy(html),
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

/** Yoga plugin serving the page; use with Yoga's `graphiql: false`. */
export function useGraphiQLPage(endpoint: string, options: GraphiQLOptions): Plugin {
  let page: GraphiQLPage | undefined;
  return {
    onRequest({ request, fetchAPI, endResponse }) {
      if (!isGraphiQLPageRequest(request, endpoint)) return;
      page ??= renderGraphiQLPage(options);
      endResponse(new fetchAPI.Response(page.body, { status: 200, headers: page.headers }));
    },
  };
}
