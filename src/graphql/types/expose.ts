import type { ObjectRef } from "@pothos/core";
import type { builder } from "../builder.js";
import { DateTime } from "./scalars.js";

/**
 * Field helpers for the SDK's finding structures. Every SDK member is optional (`X?: T`), and its
 * name is PascalCase while the GraphQL field is lower-camel, so Pothos's `t.expose*` (which
 * needs the GraphQL name to equal the property name) cannot be used. Each helper takes the field
 * description and a picker, and makes the field nullable, because the SDK fills in nothing: a
 * member the service left out is `undefined` even when the model calls it required.
 */

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/** The `t` handed to an object type's `fields` callback, for parent shape `Parent`. */
export type Fields<Parent> = PothosSchemaTypes.ObjectFieldBuilder<Types, Parent>;

type Picker<Parent, Value> = (parent: Parent) => Value | undefined;

export function optionalString<P>(t: Fields<P>, description: string, pick: Picker<P, string>) {
  return t.string({ nullable: true, description, resolve: pick });
}

export function optionalBoolean<P>(t: Fields<P>, description: string, pick: Picker<P, boolean>) {
  return t.boolean({ nullable: true, description, resolve: pick });
}

export function optionalInt<P>(t: Fields<P>, description: string, pick: Picker<P, number>) {
  return t.int({ nullable: true, description, resolve: pick });
}

export function optionalFloat<P>(t: Fields<P>, description: string, pick: Picker<P, number>) {
  return t.float({ nullable: true, description, resolve: pick });
}

/** Model "Timestamp" members arrive as `Date`, string "timestamps" as ISO text; DateTime takes both. */
export function optionalDateTime<P>(
  t: Fields<P>,
  description: string,
  pick: Picker<P, Date | string>,
) {
  return t.field({ type: DateTime, nullable: true, description, resolve: pick });
}

/**
 * A list of strings. GuardDuty omits empty collections from its JSON, so an absent list means
 * "none" and the field answers `[]` rather than null.
 */
export function stringList<P>(t: Fields<P>, description: string, pick: Picker<P, string[]>) {
  return t.stringList({ description, resolve: (parent) => pick(parent) ?? [] });
}

/** A nested SDK structure; null when the service left it out. */
export function optionalObject<P, T>(
  t: Fields<P>,
  type: ObjectRef<Types, T>,
  description: string,
  pick: Picker<P, T>,
) {
  return t.field({
    type,
    nullable: true,
    description,
    // Pothos types a resolver's result as a conditional over the field's shape, which TypeScript
    // cannot evaluate while T is generic. Callers are still checked: `pick` must yield the
    // shape `type` was declared with.
    resolve: (parent) => pick(parent) as never,
  });
}

/** A list of nested SDK structures; absent means none, as for `stringList`. */
export function objectList<P, T>(
  t: Fields<P>,
  type: ObjectRef<Types, T>,
  description: string,
  pick: Picker<P, T[]>,
) {
  return t.field({ type: [type], description, resolve: (parent) => pick(parent) ?? [] });
}
