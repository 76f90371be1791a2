/**
 * Resolver spans for the fields that reach GuardDuty (those declaring an upstream cost, see
 * upstream-cost.ts), not for every scalar: a page of 50 findings has thousands of fields, and a
 * span each would cost more than the page. The resolvers are wrapped once per schema; the wrapper
 * does nothing unless the request's context carries a tracer, so gateways with and without
 * tracing can share the schema.
 */
import { context, SpanStatusCode, type Tracer, trace } from "@opentelemetry/api";
import {
  type GraphQLFieldResolver,
  type GraphQLSchema,
  isObjectType,
  responsePathAsArray,
} from "graphql";
import { fieldUpstream } from "./upstream-cost.js";

const wrapped = new WeakSet<GraphQLSchema>();

interface TracedContext {
  tracer?: Tracer;
}

function traced(
  resolve: GraphQLFieldResolver<unknown, TracedContext>,
): GraphQLFieldResolver<unknown, TracedContext> {
  return (source, args, ctx, info) => {
    const tracer = ctx?.tracer;
    if (!tracer) return resolve(source, args, ctx, info);
    const span = tracer.startSpan(`${info.parentType.name}.${info.fieldName}`, {
      attributes: {
        "graphql.field.name": info.fieldName,
        "graphql.field.type": info.parentType.name,
        "graphql.field.path": responsePathAsArray(info.path).join("."),
      },
    });
    const fail = (error: unknown) => {
      span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
      throw error;
    };
    try {
      const result = context.with(trace.setSpan(context.active(), span), () =>
        resolve(source, args, ctx, info),
      );
      if (result instanceof Promise) {
        return result.then((value) => {
          span.end();
          return value;
        }, fail);
      }
      span.end();
      return result;
    } catch (error) {
      return fail(error);
    }
  };
}

/** Wraps the resolvers of `schema`'s upstream-bound fields, once. */
export function traceUpstreamFields(schema: GraphQLSchema): void {
  if (wrapped.has(schema)) return;
  wrapped.add(schema);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    for (const field of Object.values(type.getFields())) {
      if (!field.resolve || !fieldUpstream(field.extensions)) continue;
      field.resolve = traced(field.resolve as GraphQLFieldResolver<unknown, TracedContext>);
    }
  }
}
