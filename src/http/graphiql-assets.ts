/**
 * GraphiQL's script, stylesheet, icon and editor workers as separate files under content-hashed
 * URLs, so a browser downloads them once and keeps them (`immutable`), and each is sent
 * compressed: brotli, else gzip, else as is, by the request's Accept-Encoding (RFC 9110,
 * section 12.5.3). The bytes come from `@graphql-yoga/render-graphiql`, which ships them as
 * strings meant for inlining.
 *
 * Compressing is done once per process and content. Brotli at its best quality takes seconds for
 * the 5 MB script, so it runs in libuv's thread pool while requests keep being served; until its
 * bytes exist, a client that accepts brotli gets a quick brotli (quality 5: about 0.3 s of CPU
 * for every file together, and still smaller than gzip at its best), a client that accepts only
 * gzip gets gzip, made on the spot.
 */
import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { brotliCompress, constants, gzipSync } from "node:zlib";
import {
  css,
  editorWorkerService,
  favicon,
  graphqlWorker,
  js,
  jsonWorker,
} from "@graphql-yoga/render-graphiql/graphiql";

export const GRAPHIQL_ASSET_PREFIX = "/graphiql/assets/";
/** A year, the longest lifetime caches honour; the URL changes when the content does. */
export const IMMUTABLE_CACHE_CONTROL = "public, max-age=31536000, immutable";

export type Encoding = "br" | "gzip" | "identity";

export interface Asset {
  /** `/graphiql/assets/<name>.<hash>.<ext>` */
  path: string;
  contentType: string;
  bytes: Uint8Array<ArrayBuffer>;
  /** The strong validator of the uncompressed bytes. */
  hash: string;
}

/** The editor (Monaco) asks for a worker by label; these are the labels Yoga's page maps. */
export type WorkerLabel = "editorWorkerService" | "json" | "graphql";

export interface GraphiQLAssets {
  script: Asset;
  stylesheet: Asset;
  icon: Asset;
  workers: Record<WorkerLabel, Asset>;
  /** The stylesheet's fonts, which a browser fetches only for the faces and ranges it draws. */
  fonts: Asset[];
}

const HASH_LENGTH = 16;

export function contentHash(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex").slice(0, HASH_LENGTH);
}

function utf8(text: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(text);
}

export function createAsset(
  name: string,
  extension: string,
  contentType: string,
  bytes: Uint8Array<ArrayBuffer>,
): Asset {
  const hash = contentHash(bytes);
  return { path: `${GRAPHIQL_ASSET_PREFIX}${name}.${hash}.${extension}`, contentType, bytes, hash };
}

/** `data:<type>;base64,<data>` -> its type and bytes. */
function decodeDataUrl(url: string): { type: string; bytes: Uint8Array<ArrayBuffer> } {
  const match = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  if (!match) throw new Error("GraphiQL's favicon is not a base64 data: URL");
  const decoded = Buffer.from(match[2] as string, "base64");
  return { type: match[1] as string, bytes: new Uint8Array(decoded) };
}

const JAVASCRIPT = "text/javascript; charset=utf-8";

/** Font files embedded in the stylesheet; smaller data: URLs (icons) stay inline. */
const EMBEDDED_FONT = /url\((["']?)data:(font\/(woff2|woff|ttf|otf));base64,([A-Za-z0-9+/=]+)\1\)/g;

/**
 * The stylesheet with each embedded font moved to a file of its own. The package inlines about
 * 30 fonts (every weight and Unicode range, 800 KB of base64), of which a page draws a few.
 */
export function splitFonts(stylesheet: string): { css: string; fonts: Asset[] } {
  const fonts = new Map<string, Asset>();
  const css = stylesheet.replace(
    EMBEDDED_FONT,
    (_match, _quote, type: string, extension: string, data: string) => {
      const asset = createAsset(
        "font",
        extension,
        type,
        new Uint8Array(Buffer.from(data, "base64")),
      );
      fonts.set(asset.path, asset);
      return `url("${asset.path}")`;
    },
  );
  return { css, fonts: [...fonts.values()] };
}

let staticAssets: GraphiQLAssets | undefined;

/** The package's assets, built once per process (they never change while it runs). */
export function graphiqlAssets(): GraphiQLAssets {
  if (staticAssets) return staticAssets;
  const icon = decodeDataUrl(favicon);
  const stylesheet = splitFonts(css);
  staticAssets = {
    script: createAsset("graphiql", "js", JAVASCRIPT, utf8(js)),
    stylesheet: createAsset("graphiql", "css", "text/css; charset=utf-8", utf8(stylesheet.css)),
    fonts: stylesheet.fonts,
    icon: createAsset("favicon", "ico", icon.type, icon.bytes),
    workers: {
      editorWorkerService: createAsset(
        "editor.worker",
        "js",
        JAVASCRIPT,
        utf8(editorWorkerService),
      ),
      json: createAsset("json.worker", "js", JAVASCRIPT, utf8(jsonWorker)),
      graphql: createAsset("graphql.worker", "js", JAVASCRIPT, utf8(graphqlWorker)),
    },
  };
  return staticAssets;
}

export function staticAssetList(assets: GraphiQLAssets): Asset[] {
  return [
    assets.script,
    assets.stylesheet,
    assets.icon,
    ...Object.values(assets.workers),
    ...assets.fonts,
  ];
}

// ---------------------------------------------------------------------------------------------
// Compression
// ---------------------------------------------------------------------------------------------

const brotli = promisify(brotliCompress);

interface Compressed {
  br?: Uint8Array<ArrayBuffer>;
  gzip?: Uint8Array<ArrayBuffer>;
  brPending?: Promise<void>;
  /** Brotli at QUICK_BROTLI_QUALITY, served until `br` is ready. */
  brQuick?: Promise<Uint8Array<ArrayBuffer>>;
}

/** Quick enough for a first visit to wait for, and smaller than gzip at level 9. */
const QUICK_BROTLI_QUALITY = 5;

/**
 * Compressed bytes by content hash. Its keys are the fixed package assets plus the small page
 * scripts of each distinct set of page options, so it stays small.
 */
const compressed = new Map<string, Compressed>();

function entryOf(asset: Asset): Compressed {
  let entry = compressed.get(asset.hash);
  if (!entry) {
    entry = {};
    compressed.set(asset.hash, entry);
  }
  return entry;
}

function asBytes(buffer: Buffer): Uint8Array<ArrayBuffer> {
  const copy = new Uint8Array(buffer.byteLength);
  copy.set(buffer);
  return copy;
}

function brotliOf(asset: Asset, quality: number): Promise<Uint8Array<ArrayBuffer>> {
  return brotli(asset.bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: quality,
      [constants.BROTLI_PARAM_SIZE_HINT]: asset.bytes.byteLength,
      [constants.BROTLI_PARAM_MODE]: asset.contentType.startsWith("text/")
        ? constants.BROTLI_MODE_TEXT
        : constants.BROTLI_MODE_GENERIC,
    },
  }).then(asBytes);
}

/** A failed compression leaves the quick brotli or gzip in service; nothing waits on it. */
function keepServingQuickBytes(): void {}

function startBrotli(asset: Asset, entry: Compressed): Promise<void> {
  entry.brPending ??= brotliOf(asset, constants.BROTLI_MAX_QUALITY).then((bytes) => {
    entry.br = bytes;
    // The quick bytes are no longer served.
    delete entry.brQuick;
  }, keepServingQuickBytes);
  return entry.brPending;
}

function quickBrotli(asset: Asset, entry: Compressed): Promise<Uint8Array<ArrayBuffer>> {
  entry.brQuick ??= brotliOf(asset, QUICK_BROTLI_QUALITY);
  return entry.brQuick;
}

function gzipped(asset: Asset, entry: Compressed): Uint8Array<ArrayBuffer> {
  entry.gzip ??= asBytes(gzipSync(asset.bytes, { level: 9 }));
  return entry.gzip;
}

/**
 * Starts brotli for `assets` (idempotent); resolves when every one is ready.
 */
export function precompress(assets: readonly Asset[]): Promise<void> {
  return Promise.all(assets.map((asset) => startBrotli(asset, entryOf(asset)))).then(() => {});
}

/** The q-value a client gives `coding` in Accept-Encoding (0 when it refuses it). */
export function acceptedQuality(header: string | null, coding: string): number {
  if (!header) return coding === "identity" ? 1 : 0;
  let star: number | undefined;
  let identitySeen = false;
  for (const part of header.split(",")) {
    const [name = "", ...params] = part.trim().toLowerCase().split(";");
    const q = params.map((param) => param.trim()).find((param) => param.startsWith("q="));
    const quality = q ? Number(q.slice(2)) : 1;
    const value = Number.isFinite(quality) ? quality : 0;
    if (name.trim() === coding) return value;
    if (name.trim() === "*") star = value;
    if (name.trim() === "identity") identitySeen = true;
  }
  if (star !== undefined) return star;
  // identity is acceptable unless refused explicitly (RFC 9110, section 12.5.3).
  return coding === "identity" && !identitySeen ? 1 : 0;
}

export interface EncodedBody {
  encoding: Encoding;
  body: Uint8Array<ArrayBuffer>;
}

/**
 * The smallest representation the client accepts that is ready or quick to make: brotli once
 * compressed (started here on first use), else gzip, else identity.
 */
export async function encodedBody(
  asset: Asset,
  acceptEncoding: string | null,
): Promise<EncodedBody> {
  const entry = entryOf(asset);
  const brPending = startBrotli(asset, entry);
  if (acceptedQuality(acceptEncoding, "br") > 0) {
    if (entry.br) return { encoding: "br", body: entry.br };
    const quick = await Promise.race([
      quickBrotli(asset, entry),
      brPending.then(() => entry.br),
    ]).catch(() => undefined);
    const body = entry.br ?? quick;
    if (body) return { encoding: "br", body };
  }
  if (acceptedQuality(acceptEncoding, "gzip") > 0) {
    return { encoding: "gzip", body: gzipped(asset, entry) };
  }
  return { encoding: "identity", body: asset.bytes };
}
