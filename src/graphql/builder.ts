import SchemaBuilder from "@pothos/core";
import DataloaderPlugin from "@pothos/plugin-dataloader";
import DirectivesPlugin from "@pothos/plugin-directives";
import ErrorsPlugin from "@pothos/plugin-errors";
import FederationPlugin from "@pothos/plugin-federation";
import RelayPlugin from "@pothos/plugin-relay";
import ScopeAuthPlugin, { type AuthFailure, AuthScopeFailureType } from "@pothos/plugin-scope-auth";
import ValidationPlugin from "@pothos/plugin-validation";
import type { Scope } from "../auth/caller.js";
import { missingScopeError, scopeChecks, scopesForType } from "../auth/scopes.js";
import type { Context } from "../context.js";
import { badUserInput } from "../errors.js";
import { decodeId } from "./global-id.js";
import { nodeUpstream } from "./node-cost.js";
import { upstream } from "./upstream-cost.js";

/**
 * The one SchemaBuilder. It configures plugins and scalar typings; it defines no GraphQL types
 * (those live in types/ and mutations/, one per module).
 *
 * Plugin order follows the plugins' own docs: relay first, then scope-auth so its checks run
 * before every resolver the later plugins wrap (a refused field never reaches its loader or
 * GuardDuty), errors before validation so
 * mutation input errors come back as typed results, dataloader after errors, federation last
 * because it wraps resolvers the others created.
 */
export const builder = new SchemaBuilder<{
  Context: Context;
  Scalars: {
    DateTime: { Input: Date; Output: Date | string };
    ID: { Input: string; Output: string };
  };
  DefaultFieldNullability: false;
  AuthScopes: Record<Scope, boolean>;
}>({
  plugins: [
    RelayPlugin,
    ScopeAuthPlugin,
    ErrorsPlugin,
    ValidationPlugin,
    DataloaderPlugin,
    DirectivesPlugin,
    FederationPlugin,
  ],
  defaultFieldNullability: false,
  scopeAuth: {
    authScopes: (context) => scopeChecks(context.caller),
    unauthorizedError: (_parent, _context, _info, result) =>
      missingScopeError(missingScopes(result.failure)),
  },
  relay: {
    clientMutationId: "omit",
    decodeGlobalID: decodeId,
    cursorType: "String",
    nodeQueryOptions: {
      extensions: upstream(nodeUpstream),
      // The scope an object needs depends on its type, which the (decoded) id names.
      authScopes: (_root, args) => scopesForType(args.id.typename) ?? true,
    },
    // types/node.ts defines `nodes` so each id fails on its own (Relay's fails the whole list).
    nodesQueryOptions: false,
    // Every Relay-style subgraph defines the same PageInfo: a value type each of them resolves,
    // so it composes when all mark it @shareable (a subgraph without it fails composition with
    // INVALID_FIELD_SHARING). Node is an interface: interfaces merge without it.
    pageInfoTypeOptions: { shareable: true },
  },
  errors: {
    defaultTypes: [],
    // Validation failures on fields that declare error types become typed results
    // (mutations); elsewhere they are GraphQL errors with code BAD_USER_INPUT.
    unsafelyHandleInputErrors: true,
  },
  validation: {
    validationError: (result) =>
      badUserInput(
        result.issues
          .map((issue) => {
            const path = (issue.path ?? [])
              .map((segment) => (typeof segment === "object" ? segment.key : segment))
              .join(".");
            return path ? `${path}: ${issue.message}` : issue.message;
          })
          .join("; "),
      ),
  },
});

/** The scopes a failed check asked for (a field asks for any one of them). */
function missingScopes(failure: AuthFailure): string[] {
  switch (failure.kind) {
    case AuthScopeFailureType.AuthScope:
      return [failure.scope];
    case AuthScopeFailureType.AnyAuthScopes:
    case AuthScopeFailureType.AllAuthScopes:
      return [...new Set(failure.failures.flatMap(missingScopes))];
    default:
      return [];
  }
}

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/** The `t` handed to an object type's `fields` callback, for parent shape `Parent`. */
export type Fields<Parent> = PothosSchemaTypes.ObjectFieldBuilder<Types, Parent>;
