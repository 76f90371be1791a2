/**
 * Persisted operations: the documents of schema/operations/, by hash, from the manifest
 * `npm run codegen` writes (schema/generated/persisted-documents.json, `"sha256:<hex>"` ->
 * document, GraphQL Code Generator's client preset with `persistedDocuments`).
 *
 * A client sends the hash instead of the document, either as `documentId` (the GraphQL over HTTP
 * persisted-documents proposal) or as Apollo's `extensions.persistedQuery.sha256Hash`. With
 * PERSISTED_OPERATIONS=allow-list nothing else runs; with `off` (the default) known hashes run
 * and ad-hoc documents too.
 */
import { readFileSync } from "node:fs";
import { usePersistedOperations } from "@graphql-yoga/plugin-persisted-operations";
import { GraphQLError } from "graphql";
import type { GraphQLParams, Plugin } from "graphql-yoga";
import type { PersistedOperationsMode } from "../config.js";
import { ErrorCode } from "../errors.js";

/** Where codegen writes the manifest, from src/http/ or dist/http/ alike. */
const MANIFEST = new URL("../../schema/generated/persisted-documents.json", import.meta.url);

const SHA256_ID = /^sha256:[0-9a-f]{64}$/;
const BARE_SHA256 = /^[0-9a-f]{64}$/;

export type PersistedDocuments = ReadonlyMap<string, string>;

/** The manifest as a map; throws when it is missing or not a map of sha256 ids to documents. */
export function loadPersistedDocuments(file: URL | string = MANIFEST): PersistedDocuments {
  const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new Error(`${String(file)}: expected an object of "sha256:<hex>" -> document`);
  }
  const documents = new Map<string, string>();
  for (const [id, document] of Object.entries(parsed)) {
    if (!SHA256_ID.test(id) || typeof document !== "string") {
      throw new Error(
        `${String(file)}: entry ${JSON.stringify(id)} is not a sha256 id and document`,
      );
    }
    documents.set(id, document);
  }
  return documents;
}

/**
 * The hash a request names, as a manifest id (`sha256:<hex>`), or null when it names none. An
 * id that is not a sha256 (other algorithms, junk) is kept as given, so it is not found.
 */
export function persistedOperationId(params: GraphQLParams): string | null {
  const documentId = (params as { documentId?: unknown }).documentId;
  if (typeof documentId === "string" && documentId !== "") {
    return BARE_SHA256.test(documentId) ? `sha256:${documentId}` : documentId.slice(0, 100);
  }
  const persisted = (params.extensions as { persistedQuery?: unknown } | undefined)
    ?.persistedQuery as { version?: unknown; sha256Hash?: unknown } | undefined;
  if (persisted?.version === 1 && typeof persisted.sha256Hash === "string") {
    return `sha256:${persisted.sha256Hash.slice(0, 100)}`;
  }
  return null;
}

function requestError(message: string, code: ErrorCode): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status: 400 } } });
}

/**
 * Yoga's persisted-operations plugin over the manifest. In `off` mode a request without a hash
 * is left to Yoga's usual rules (a missing query is its own 400), so only hash-carrying requests
 * are this plugin's business.
 */
export function usePersistedOperationsMode(
  mode: PersistedOperationsMode,
  documents: PersistedDocuments,
): Plugin {
  const allowList = mode === "allow-list";
  const persisted = usePersistedOperations({
    allowArbitraryOperations: !allowList,
    extractPersistedOperationId: persistedOperationId,
    getPersistedOperation: (id) => documents.get(id) ?? null,
    customErrors: {
      notFound: () =>
        requestError(
          "This persisted operation hash is not known to the gateway: send one of the hashes in schema/generated/persisted-documents.json",
          ErrorCode.PERSISTED_OPERATION_NOT_FOUND,
        ),
      keyNotFound: () =>
        requestError(
          "This gateway runs persisted operations only: send `documentId` (or extensions.persistedQuery.sha256Hash) instead of a query",
          ErrorCode.PERSISTED_OPERATION_REQUIRED,
        ),
      persistedQueryOnly: () =>
        requestError(
          "This gateway runs persisted operations only: ad-hoc documents are refused; send `documentId` without `query`",
          ErrorCode.PERSISTED_OPERATION_REQUIRED,
        ),
    },
  });
  const onParams = persisted.onParams;
  return {
    ...persisted,
    onParams(payload) {
      if (!allowList && persistedOperationId(payload.params) === null) return;
      return onParams?.(payload);
    },
  };
}
