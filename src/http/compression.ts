/**
 * Response compression, negotiated by Accept-Encoding (RFC 9110 §12.5.3), and the refusal of
 * compressed request bodies.
 *
 * Not `useContentEncoding` from @whatwg-node/server 0.11.0: it reads Accept-Encoding without
 * q-values or the space after a comma (`gzip, br` offers " br"), compresses bodies of any size,
 * compresses a response that already carries Content-Encoding a second time, sets no `Vary`,
 * and buffers a multipart response inside the compressor, which would hold back each part of an
 * incremental (@defer/@stream) result until the compressor's window fills.
 */
import { promisify } from "node:util";
import {
  type BrotliCompress,
  brotliCompress,
  constants,
  createBrotliCompress,
  createGzip,
  type Gzip,
  gzip,
} from "node:zlib";
import { GraphQLError } from "graphql";
import type { Plugin } from "graphql-yoga";
import { ErrorCode } from "../errors.js";

export type ContentCoding = "br" | "gzip";

/** The codings offered, best first when a client rates them equally. */
const CODINGS: readonly ContentCoding[] = ["br", "gzip"];

/**
 * Brotli's quality 11 (zlib's default) spends about a second per megabyte: right for assets
 * compressed once, far too slow per response. Quality 4 compresses JSON close to gzip -9 in a
 * fraction of its time (Node's zlib documentation, BROTLI_PARAM_QUALITY).
 */
const BROTLI_OPTIONS = {
  params: {
    [constants.BROTLI_PARAM_QUALITY]: 4,
    [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
  },
};

const compressWhole = {
  br: (data: Uint8Array) => promisify(brotliCompress)(data, BROTLI_OPTIONS),
  gzip: (data: Uint8Array) => promisify(gzip)(data),
} satisfies Record<ContentCoding, (data: Uint8Array) => Promise<Buffer>>;

/** Types worth compressing; images and archives already are. */
const COMPRESSIBLE =
  /^(application\/(json|graphql-response\+json|javascript|xml)|text\/[a-z-]+|image\/svg\+xml)\s*(;|$)/i;
/** Responses sent part by part (incremental delivery, subscriptions): each part is flushed. */
const STREAMED = /^(multipart\/mixed|text\/event-stream)\s*(;|$)/i;

interface Offer {
  coding: string;
  q: number;
}

function parseAcceptEncoding(header: string): Offer[] {
  const offers: Offer[] = [];
  for (const part of header.split(",")) {
    const [name, ...params] = part.split(";").map((piece) => piece.trim());
    if (!name) continue;
    let q = 1;
    for (const param of params) {
      const match = /^q\s*=\s*([01](\.\d{0,3})?)$/i.exec(param);
      if (match) q = Number(match[1]);
    }
    offers.push({ coding: name.toLowerCase(), q });
  }
  return offers;
}

/**
 * The coding to answer with, or undefined for none: the highest-rated of br and gzip, a `*`
 * standing for any coding the client did not name, `q=0` meaning "not this one".
 */
export function negotiateCoding(acceptEncoding: string | null): ContentCoding | undefined {
  if (!acceptEncoding) return undefined;
  const offers = parseAcceptEncoding(acceptEncoding);
  const wildcard = offers.find((offer) => offer.coding === "*");
  let best: { coding: ContentCoding; q: number } | undefined;
  for (const coding of CODINGS) {
    const q = offers.find((offer) => offer.coding === coding)?.q ?? wildcard?.q ?? 0;
    if (q > 0 && (!best || q > best.q)) best = { coding, q };
  }
  return best?.coding;
}

function withVary(headers: Headers): void {
  const vary = headers.get("vary");
  if (!vary) headers.set("vary", "Accept-Encoding");
  else if (!/(^|,)\s*(accept-encoding|\*)\s*(,|$)/i.test(vary)) {
    headers.set("vary", `${vary}, Accept-Encoding`);
  }
}

/** Responses no coding applies to: no body, or a body a cache or the client treats as is. */
function mayCompress(request: Request, response: Response): boolean {
  if (request.method === "HEAD" || !response.body) return false;
  if (response.status < 200 || response.status === 204 || response.status === 304) return false;
  if (response.headers.has("content-encoding")) return false;
  if (/(^|,)\s*no-transform\s*(,|$)/i.test(response.headers.get("cache-control") ?? "")) {
    return false;
  }
  return true;
}

type FetchAPI = Parameters<NonNullable<Plugin["onResponse"]>>[0]["fetchAPI"];

/**
 * A compressor that flushes after every chunk (Z_SYNC_FLUSH, BROTLI_OPERATION_FLUSH), so each
 * part of a multipart answer reaches the client when it is written, at a small cost in ratio.
 */
function flushingCompressor(coding: ContentCoding, fetchAPI: FetchAPI, native: boolean) {
  const zip: Gzip | BrotliCompress =
    coding === "br" ? createBrotliCompress(BROTLI_OPTIONS) : createGzip();
  const flushKind = coding === "br" ? constants.BROTLI_OPERATION_FLUSH : constants.Z_SYNC_FLUSH;
  let output: Buffer[] = [];
  zip.on("data", (chunk: Buffer) => output.push(chunk));
  const take = () => {
    const joined = Buffer.concat(output);
    output = [];
    return new Uint8Array(joined.buffer, joined.byteOffset, joined.byteLength);
  };
  const Transform = native ? globalThis.TransformStream : fetchAPI.TransformStream;
  return new Transform<Uint8Array, Uint8Array>({
    async transform(chunk, controller) {
      zip.write(chunk);
      await new Promise<void>((resolve) => zip.flush(flushKind, () => resolve()));
      const out = take();
      if (out.byteLength > 0) controller.enqueue(out);
    },
    async flush(controller) {
      await new Promise<void>((resolve, reject) => {
        zip.once("end", resolve);
        zip.once("error", reject);
        zip.end();
      });
      const out = take();
      if (out.byteLength > 0) controller.enqueue(out);
    },
    // The client went away mid-stream: free the compressor's native memory now, not at GC.
    cancel: () => {
      zip.destroy();
    },
  } as Transformer<Uint8Array, Uint8Array>);
}

/**
 * Compresses responses of at least `minBytes` for clients that accept br or gzip. Streamed
 * responses are compressed part by part; responses that already carry a Content-Encoding
 * (precompressed assets) are left alone. Every response whose body could be compressed gets
 * `Vary: Accept-Encoding`, so a shared cache keeps the codings apart.
 */
export function useCompression(minBytes: number): Plugin {
  return {
    async onResponse({ request, response, setResponse, fetchAPI }) {
      if (!mayCompress(request, response)) return;
      const type = response.headers.get("content-type") ?? "";
      const streamed = STREAMED.test(type);
      if (!streamed && !COMPRESSIBLE.test(type)) return;
      const declared = Number(response.headers.get("content-length") ?? Number.NaN);
      if (declared < minBytes) return;
      const headers = new fetchAPI.Headers(response.headers);
      withVary(headers);
      const coding = negotiateCoding(request.headers.get("accept-encoding"));
      const init = { status: response.status, statusText: response.statusText, headers };
      const body = response.body as ReadableStream<Uint8Array>;
      if (streamed) {
        if (coding) {
          headers.set("content-encoding", coding);
          headers.delete("content-length");
        }
        const native = body instanceof ReadableStream;
        setResponse(
          new fetchAPI.Response(
            coding ? body.pipeThrough(flushingCompressor(coding, fetchAPI, native)) : body,
            init,
          ),
        );
        return;
      }
      // A GraphQL result is a whole string by now: reading it costs nothing more.
      const data = new Uint8Array(await response.arrayBuffer());
      if (data.byteLength < minBytes || !coding) {
        if (data.byteLength >= minBytes) setResponse(new fetchAPI.Response(data, init));
        else setResponse(new fetchAPI.Response(data, { ...init, headers: response.headers }));
        return;
      }
      const compressed = await compressWhole[coding](data);
      headers.set("content-encoding", coding);
      headers.set("content-length", String(compressed.byteLength));
      setResponse(new fetchAPI.Response(compressed, init));
    },
  };
}

function unsupportedEncoding(encoding: string): GraphQLError {
  return new GraphQLError(
    `Request bodies are accepted without Content-Encoding only; got "${encoding.slice(0, 40)}"`,
    {
      extensions: {
        code: ErrorCode.UNSUPPORTED_CONTENT_ENCODING,
        http: { status: 415, headers: { "accept-encoding": "identity" } },
      },
    },
  );
}

/**
 * Refuses request bodies that declare a Content-Encoding (415, with `Accept-Encoding: identity`
 * as RFC 9110 §15.5.16 suggests). A GraphQL request is a few kilobytes; decompressing one would
 * let a small body expand past the body limit inside the gateway (a zip bomb), for no gain.
 */
export function useIdentityRequestBodies(): Plugin {
  return {
    onRequestParse({ request }) {
      const encoding = request.headers.get("content-encoding")?.trim().toLowerCase();
      if (encoding && encoding !== "identity") throw unsupportedEncoding(encoding);
    },
  };
}
