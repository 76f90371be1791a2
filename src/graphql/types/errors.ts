import { wrapErrorIfMatches } from "@pothos/plugin-errors";
import { GraphQLError } from "graphql";
import type { Context } from "../../context.js";
import { ErrorCode, errorCode, InvalidInputError } from "../../errors.js";
import { builder } from "../builder.js";
import { logUpstreamFailure, upstreamCause } from "../error-codes.js";

/** Conditions a client can act on come back from mutations as typed results, not errors. */
export const MutationError = builder.interfaceRef<Error>("MutationError").implement({
  description: "Something the client can act on went wrong; `message` says what.",
  fields: (t) => ({
    message: t.exposeString("message"),
  }),
});

builder.objectType(InvalidInputError, {
  name: "InvalidInputError",
  description:
    "The input was rejected; nothing was sent to GuardDuty, or GuardDuty refused it as invalid.",
  interfaces: [MutationError],
  isTypeOf: (value) => value instanceof InvalidInputError,
  fields: (_t) => ({}),
});

export class NotAllowedError extends Error {
  override name = "NotAllowedError";
}
builder.objectType(NotAllowedError, {
  name: "NotAllowedError",
  description:
    "This caller may not do this: a scope it lacks (`missing scope findings:write`), a region or account it is not allowed, or GuardDuty refusing this account (e.g. a member archiving findings).",
  interfaces: [MutationError],
  isTypeOf: (value) => value instanceof NotAllowedError,
  fields: (_t) => ({}),
});

export class NotFoundError extends Error {
  override name = "NotFoundError";
}
builder.objectType(NotFoundError, {
  name: "NotFoundError",
  description: "The detector or findings named do not exist for this account.",
  interfaces: [MutationError],
  isTypeOf: (value) => value instanceof NotFoundError,
  fields: (_t) => ({}),
});

export class InvitationNotFoundError extends Error {
  override name = "InvitationNotFoundError";
}
builder.objectType(InvitationNotFoundError, {
  name: "InvitationNotFoundError",
  description: "No pending invitation matches this administrator and invitation id.",
  interfaces: [MutationError],
  isTypeOf: (value) => value instanceof InvitationNotFoundError,
  fields: (_t) => ({}),
});

export class NotAssociatedError extends Error {
  override name = "NotAssociatedError";
}
builder.objectType(NotAssociatedError, {
  name: "NotAssociatedError",
  description: "This account has no administrator to disassociate from.",
  interfaces: [MutationError],
  isTypeOf: (value) => value instanceof NotAssociatedError,
  fields: (_t) => ({}),
});

/**
 * Maps a translated GuardDuty failure to the typed error a mutation reports. Throttling,
 * outages and unknown failures stay GraphQL errors: the client cannot fix those by changing
 * its input. The gateway's own refusals (FORBIDDEN: a region or account the caller is not
 * allowed) become NotAllowedError, as a missing scope does (notAllowedResult). `badInput` names the typed error for a GuardDuty 400 on this mutation. A typed
 * result never reaches the result's errors, so what GuardDuty said is logged here instead.
 */
export function typedMutationError(
  context: Context,
  error: unknown,
  badInput: (message: string) => Error,
): Error {
  if (!(error instanceof GraphQLError) || error instanceof InvalidInputError) return error as Error;
  const typed = typedFor(error, badInput);
  const failure = upstreamCause(error);
  if (typed !== error && failure) logUpstreamFailure(context.logError, failure);
  return typed;
}

function typedFor(error: GraphQLError, badInput: (message: string) => Error): Error {
  switch (errorCode(error)) {
    case ErrorCode.BAD_USER_INPUT:
      return badInput(error.message);
    case ErrorCode.FORBIDDEN:
      return new NotAllowedError(error.message);
    case ErrorCode.NOT_FOUND:
      return new NotFoundError(error.message);
    default:
      return error;
  }
}

/**
 * A mutation's answer when the caller lacks its scope (scope-auth's unauthorizedResolver): the
 * typed NotAllowedError rather than a GraphQL error, because mutation results are non-null and
 * an error would null the whole response, other mutations' results included.
 */
export function notAllowedResult(
  _parent: unknown,
  _args: unknown,
  _context: unknown,
  _info: unknown,
  error: Error,
): never {
  // scope-auth answers outside the errors plugin's wrapper, so the result is marked as the
  // plugin marks a caught error (its exported wrapErrorIfMatches) for the union to resolve.
  return wrapErrorIfMatches(new NotAllowedError(error.message), [NotAllowedError]) as never;
}

export const MUTATION_ERROR_TYPES = [InvalidInputError, NotAllowedError, NotFoundError] as const;
