/**
 * Structured JSON logs (pino): one line per request, errors once with the ids needed to follow
 * them up (ours, and AWS's request id for AWS support). Nothing here logs headers or bodies, so
 * tokens, API keys and cookies cannot reach the log; messages that quote AWS's own words have
 * e-mail addresses (member invitations carry them) replaced before they are written.
 */

import type { YogaLogger } from "graphql-yoga";
import { type Logger, type LoggerOptions, pino } from "pino";
import type { LogError } from "../graphql/error-codes.js";

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const DEFAULT_LOG_LEVEL: LogLevel = "info";

export type { Logger };

/** Anything shaped like an e-mail address; the local part and domain are both dropped. */
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
/** Bearer tokens, should one ever be quoted in an upstream message. */
const BEARER = /\bBearer\s+[A-Za-z0-9._~+/=-]+/gi;

export function redact(text: string): string {
  return text.replace(EMAIL, "[email]").replace(BEARER, "Bearer [redacted]");
}

interface ErrorShape {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  stack?: unknown;
  extensions?: Record<string, unknown>;
  $metadata?: { httpStatusCode?: number; requestId?: string; attempts?: number };
}

/**
 * What the log keeps of an error: its name, message, code, AWS metadata and stack, all
 * redacted. Never the whole object: SDK errors carry the raw HTTP response, and GraphQL errors
 * the client's document. Logged under `error`, since pino runs its own serializer over `err`.
 */
export function errorForLog(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: redact(String(error)) };
  const shape = error as ErrorShape;
  const code = shape.extensions?.code ?? shape.code;
  return {
    type: String(shape.name ?? "Error"),
    message: redact(String(shape.message ?? "")),
    ...(typeof code === "string" ? { code } : {}),
    ...(shape.$metadata?.requestId ? { awsRequestId: shape.$metadata.requestId } : {}),
    ...(shape.$metadata?.httpStatusCode ? { httpStatus: shape.$metadata.httpStatusCode } : {}),
    ...(shape.$metadata?.attempts ? { attempts: shape.$metadata.attempts } : {}),
    ...(typeof shape.stack === "string" ? { stack: redact(shape.stack) } : {}),
  };
}

/**
 * The gateway's logger: JSON lines with an ISO time and the level as a word (what log pipelines
 * expect). `destination` defaults to stdout; tests pass a stream to read the lines back.
 */
export function createLogger(
  level: LogLevel = DEFAULT_LOG_LEVEL,
  destination?: NodeJS.WritableStream,
): Logger {
  const options: LoggerOptions = {
    level,
    base: { service: "guardduty-graphql" },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    // A second line of defence: no field by these names is ever written in clear.
    redact: {
      paths: [
        "authorization",
        "cookie",
        "headers.authorization",
        "headers.cookie",
        'headers["x-api-key"]',
        'headers["set-cookie"]',
      ],
      censor: "[redacted]",
    },
  };
  return destination ? pino(options, destination as pino.DestinationStream) : pino(options);
}

export function logErrorTo(logger: Logger): LogError {
  return (message, error, fields) =>
    logger.error({ ...fields, error: errorForLog(error) }, redact(message));
}

function yogaLine(logger: Logger, level: "debug" | "info" | "warn" | "error", args: unknown[]) {
  const error = args.find((arg) => arg instanceof Error);
  const text = args
    .filter((arg) => !(arg instanceof Error))
    .map((arg) => (typeof arg === "string" ? arg : JSON.stringify(arg)))
    .join(" ");
  if (error) logger[level]({ error: errorForLog(error) }, redact(text || "graphql-yoga"));
  else logger[level](redact(text));
}

/**
 * Yoga's own log, into the same logger. Yoga logs each error it masks; the gateway logs those
 * itself with the request's ids, so `alreadyLogged` errors are skipped here to log each once.
 */
export function yogaLogger(logger: Logger, alreadyLogged: (error: unknown) => boolean): YogaLogger {
  const child = logger.child({ component: "graphql-yoga" });
  return {
    debug: (...args: unknown[]) => yogaLine(child, "debug", args),
    info: (...args: unknown[]) => yogaLine(child, "info", args),
    warn: (...args: unknown[]) => yogaLine(child, "warn", args),
    error: (...args: unknown[]) => {
      if (args.length === 1 && alreadyLogged(args[0])) return;
      yogaLine(child, "error", args);
    },
  };
}
