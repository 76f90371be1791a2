/**
 * The only reader of the environment. Each loader validates everything at once and reports
 * every problem together, so a misconfigured start fails once with the full list.
 */

import { type AuthConfig, loadAuthConfig } from "./auth/config.js";
import { commaList } from "./env-values.js";
import { isLoopbackAddress, loopbackHosts, parseHost } from "./http/hosts.js";
import { parseOrigin } from "./http/origins.js";
import { DEFAULT_LOG_LEVEL, LOG_LEVELS, type LogLevel } from "./ops/logging.js";

export type Env = Readonly<Record<string, string | undefined>>;

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const ACCOUNT_ID = /^\d{12}$/;
export const SANDBOX_ROLES = ["administrator", "member", "standalone"] as const;
export type SandboxRole = (typeof SANDBOX_ROLES)[number];

export const DEFAULT_PORT = 4000;
export const DEFAULT_SANDBOX_PORT = 4100;
/**
 * GuardDuty calls one request may make. The heaviest example operation (RecentFindings) costs
 * four calls per covered region (ListDetectors, GetDetector, ListFindings, GetFindings): 8 for
 * two regions, 48 for twelve. Raise it when covering more regions.
 */
export const DEFAULT_MAX_UPSTREAM_CALLS_PER_REQUEST = 50;
export const DEFAULT_UPSTREAM_CONNECT_TIMEOUT_MS = 3_000;
export const DEFAULT_UPSTREAM_TIMEOUT_MS = 10_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 25_000;
export const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;
/** Probes from several load balancers every few seconds then cost one call per region. */
export const DEFAULT_READINESS_CACHE_MS = 5_000;
/** Calls the sandbox's log keeps (`GET /_sandbox/calls`), oldest dropped first. */
export const DEFAULT_SANDBOX_CALL_LOG_SIZE = 10_000;
const MAX_SANDBOX_CALL_LOG_SIZE = 1_000_000;
export const DEFAULT_SERVICE_NAME = "guardduty-graphql";
/**
 * Fifteen seconds: a dashboard polling every 30 s sees data at most 15 s older than GuardDuty's,
 * and a hundred dashboards cost one set of calls per window. Our own changes are seen at once.
 */
export const DEFAULT_CACHE_TTL_MS = 15_000;
/** Five minutes: longer would show a security team stale findings. */
const MAX_CACHE_TTL_MS = 300_000;
export const DEFAULT_CACHE_MAX_ENTRIES = 10_000;
/** A Redis command slower than this falls back to GuardDuty; a closed connection at once. */
export const DEFAULT_REDIS_COMMAND_TIMEOUT_MS = 2_000;
/** 64 MiB of cached text in this process (without Redis). */
export const DEFAULT_CACHE_MAX_BYTES = 67_108_864;
/** Ten minutes: longer than any load balancer or client would wait. */
const MAX_TIMEOUT_MS = 600_000;

export interface SandboxWorldConfig {
  seed: number;
  findingsPerDetector: number;
  members: number;
}

export type UpstreamConfig =
  | {
      kind: "sandbox";
      /** A role picks the first seeded account of that role; or an exact account id. */
      account: SandboxRole | string;
      world: SandboxWorldConfig;
      callLogSize: number;
      /** Undefined = the regions of the chosen account. */
      regions?: string[];
    }
  | { kind: "aws"; regions: string[] };

/**
 * Which `Host` values the gateway accepts (DNS-rebinding protection):
 * - `loopback`: `localhost`, `127.0.0.1` and `[::1]` on the listening port (known after listen);
 * - `list`: the operator's names, e.g. behind a proxy;
 * - `off`: no check (`ALLOWED_HOSTS=*`, or bound beyond loopback without a list).
 */
export type AllowedHostsConfig =
  | { check: "loopback" }
  | { check: "list"; hosts: string[] }
  | { check: "off" };

/**
 * What the gateway shows and accepts beyond answering queries; passed to createGateway as is.
 * The switches default to on against the sandbox (a local playground) and off against AWS.
 */
export interface ExposureConfig {
  graphiql: boolean;
  introspection: boolean;
  fieldSuggestions: boolean;
  maxBodyBytes: number;
  maxConcurrentRequests: number;
  /** COMPRESSION: compress responses for clients that accept br or gzip. */
  compression: boolean;
  /** COMPRESSION_MIN_BYTES: smaller responses are sent as they are. */
  compressionMinBytes: number;
  /** PERSISTED_OPERATIONS: `allow-list` runs only the operations in the manifest. */
  persistedOperations: PersistedOperationsMode;
}

export const PERSISTED_OPERATIONS_MODES = ["off", "allow-list"] as const;
export type PersistedOperationsMode = (typeof PERSISTED_OPERATIONS_MODES)[number];

/**
 * 1 KiB: below about this size gzip's header and trailer (18 bytes) and the compressor's setup
 * cost more than the bytes saved; error answers and small results go as they are.
 */
export const DEFAULT_COMPRESSION_MIN_BYTES = 1_024;

/** 1 MiB: the largest legitimate request (a long query plus 50-id lists) is a few kilobytes. */
export const DEFAULT_MAX_BODY_BYTES = 1_048_576;
/**
 * 64: above the SDK's 50 sockets per client (so GuardDuty, not this cap, paces normal load) and
 * low enough that 64 requests at the body limit, parsed, stay within a few hundred megabytes.
 */
export const DEFAULT_MAX_CONCURRENT_REQUESTS = 64;

/** Milliseconds. */
export interface TimeoutConfig {
  /** To connect to GuardDuty, per attempt. */
  upstreamConnectMs: number;
  /** For one attempt of one GuardDuty call (the SDK retries a timed-out attempt). */
  upstreamMs: number;
  /** For a whole GraphQL request, retries included; then its pending calls are abandoned. */
  requestMs: number;
  /** How long a SIGTERM/SIGINT waits for requests in flight before cutting them. */
  shutdownGraceMs: number;
}

/** What operators see: logs, metrics, readiness, traces. */
export interface ObservabilityConfig {
  /** LOG_LEVEL: the lowest level written. */
  logLevel: LogLevel;
  /** METRICS: serve `/metrics`. */
  metrics: boolean;
  /** READINESS_CACHE_MS: how long one readiness answer is reused. */
  readinessCacheMs: number;
  /** OTEL_EXPORTER_OTLP_ENDPOINT: tracing is on when set (OTLP/HTTP base URL). */
  otlpEndpoint?: string;
  /** OTEL_SERVICE_NAME: the `service.name` of the spans. */
  serviceName: string;
}

/** The shared cache of GuardDuty reads (src/aws/read-cache.ts). */
export interface CacheConfig {
  /** CACHE_TTL_MS: how long a read answers; 0 = no cache and no sharing of calls. */
  ttlMs: number;
  /** REDIS_URL: the store shared by every gateway process; undefined = this process's memory. */
  redisUrl?: string;
  /** REDIS_COMMAND_TIMEOUT_MS: a command slower than this counts as Redis being down. */
  redisCommandTimeoutMs: number;
  /** CACHE_MAX_ENTRIES and CACHE_MAX_BYTES: bounds of the in-process store. */
  maxEntries: number;
  maxBytes: number;
}

export interface GatewayConfig {
  host: string;
  port: number;
  upstream: UpstreamConfig;
  /** Origins whose pages may call the gateway with credentials; empty = none. */
  corsOrigins: string[];
  allowedHosts: AllowedHostsConfig;
  /** MAX_UPSTREAM_CALLS_PER_REQUEST: the per-request budget of GuardDuty calls. */
  maxUpstreamCallsPerRequest: number;
  exposure: ExposureConfig;
  timeouts: TimeoutConfig;
  /** AUTH_MODE and its settings (src/auth/config.ts). */
  auth: AuthConfig;
  observability: ObservabilityConfig;
  cache: CacheConfig;
}

class Problems {
  readonly list: string[] = [];
  add(problem: string): void {
    this.list.push(problem);
  }
  throwIfAny(): void {
    if (this.list.length > 0) throw new ConfigError(this.list);
  }
}

function integer(
  problems: Problems,
  name: string,
  raw: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || value < min || value > max) {
    problems.add(`${name} must be a whole number from ${min} to ${max}; got "${raw}"`);
    return fallback;
  }
  return value;
}

function boolean(
  problems: Problems,
  name: string,
  raw: string | undefined,
  fallback: boolean,
): boolean {
  const value = raw?.trim().toLowerCase();
  if (value === undefined || value === "") return fallback;
  if (value === "true") return true;
  if (value === "false") return false;
  problems.add(`${name} must be true or false; got "${raw}"`);
  return fallback;
}

function regionList(problems: Problems, name: string, raw: string): string[] {
  const regions = commaList(raw);
  if (regions.length === 0) problems.add(`${name} must list at least one region`);
  for (const region of regions) {
    if (!REGION.test(region))
      problems.add(`${name}: "${region}" is not an AWS region name (e.g. us-east-1)`);
  }
  return regions;
}

function sandboxWorld(problems: Problems, env: Env): SandboxWorldConfig {
  return {
    seed: integer(problems, "SANDBOX_SEED", env.SANDBOX_SEED, 1, 0, 2 ** 32 - 1),
    findingsPerDetector: integer(
      problems,
      "SANDBOX_FINDINGS",
      env.SANDBOX_FINDINGS,
      500,
      0,
      200_000,
    ),
    members: integer(problems, "SANDBOX_MEMBERS", env.SANDBOX_MEMBERS, 32, 8, 5_000),
  };
}

function sandboxCallLogSize(problems: Problems, env: Env): number {
  return integer(
    problems,
    "SANDBOX_CALL_LOG_SIZE",
    env.SANDBOX_CALL_LOG_SIZE,
    DEFAULT_SANDBOX_CALL_LOG_SIZE,
    1,
    MAX_SANDBOX_CALL_LOG_SIZE,
  );
}

function sandboxAccount(problems: Problems, raw: string | undefined): string {
  const account = raw?.trim() || "administrator";
  if (!SANDBOX_ROLES.includes(account as SandboxRole) && !ACCOUNT_ID.test(account)) {
    problems.add(
      `SANDBOX_ACCOUNT must be ${SANDBOX_ROLES.join(", ")} or a 12-digit account id; got "${account}"`,
    );
  }
  return account;
}

function upstream(problems: Problems, env: Env): UpstreamConfig {
  const kind = env.GUARDDUTY_UPSTREAM?.trim() || "sandbox";
  if (kind === "sandbox") {
    return {
      kind,
      account: sandboxAccount(problems, env.SANDBOX_ACCOUNT),
      world: sandboxWorld(problems, env),
      callLogSize: sandboxCallLogSize(problems, env),
      ...(env.GUARDDUTY_REGIONS
        ? { regions: regionList(problems, "GUARDDUTY_REGIONS", env.GUARDDUTY_REGIONS) }
        : {}),
    };
  }
  if (kind === "aws") {
    const raw = env.GUARDDUTY_REGIONS || env.AWS_REGION || env.AWS_DEFAULT_REGION;
    if (!raw) {
      problems.add("GUARDDUTY_UPSTREAM=aws needs GUARDDUTY_REGIONS (comma list) or AWS_REGION");
      return { kind, regions: [] };
    }
    return {
      kind,
      regions: regionList(
        problems,
        env.GUARDDUTY_REGIONS ? "GUARDDUTY_REGIONS" : "AWS_REGION",
        raw,
      ),
    };
  }
  problems.add(`GUARDDUTY_UPSTREAM must be "sandbox" or "aws"; got "${kind}"`);
  return { kind: "aws", regions: [] };
}

function corsOrigins(problems: Problems, raw: string | undefined): string[] {
  const origins: string[] = [];
  for (const entry of commaList(raw)) {
    const origin = parseOrigin(entry);
    if (origin) origins.push(origin);
    else
      problems.add(
        `CORS_ORIGINS: "${entry}" is not an exact origin like https://app.example.com (no wildcards, paths or "null")`,
      );
  }
  return [...new Set(origins)];
}

function allowedHosts(problems: Problems, raw: string | undefined, host: string) {
  const entries = commaList(raw);
  if (entries.length === 0) {
    return isLoopbackAddress(host) ? { check: "loopback" as const } : { check: "off" as const };
  }
  if (entries.includes("*")) {
    if (entries.length > 1)
      problems.add('ALLOWED_HOSTS: "*" turns the check off; list nothing else');
    return { check: "off" as const };
  }
  for (const entry of entries) {
    if (!parseHost(entry))
      problems.add(`ALLOWED_HOSTS: "${entry}" is not a host name, address or host:port`);
  }
  return { check: "list" as const, hosts: entries };
}

function exposure(problems: Problems, env: Env, kind: UpstreamConfig["kind"]): ExposureConfig {
  const playground = kind === "sandbox";
  return {
    graphiql: boolean(problems, "GRAPHIQL", env.GRAPHIQL, playground),
    introspection: boolean(problems, "INTROSPECTION", env.INTROSPECTION, playground),
    fieldSuggestions: boolean(problems, "FIELD_SUGGESTIONS", env.FIELD_SUGGESTIONS, playground),
    maxBodyBytes: integer(
      problems,
      "MAX_BODY_BYTES",
      env.MAX_BODY_BYTES,
      DEFAULT_MAX_BODY_BYTES,
      1_024,
      104_857_600,
    ),
    maxConcurrentRequests: integer(
      problems,
      "MAX_CONCURRENT_REQUESTS",
      env.MAX_CONCURRENT_REQUESTS,
      DEFAULT_MAX_CONCURRENT_REQUESTS,
      1,
      10_000,
    ),
    compression: boolean(problems, "COMPRESSION", env.COMPRESSION, true),
    compressionMinBytes: integer(
      problems,
      "COMPRESSION_MIN_BYTES",
      env.COMPRESSION_MIN_BYTES,
      DEFAULT_COMPRESSION_MIN_BYTES,
      0,
      104_857_600,
    ),
    persistedOperations: persistedOperationsMode(problems, env.PERSISTED_OPERATIONS),
  };
}

function persistedOperationsMode(
  problems: Problems,
  raw: string | undefined,
): PersistedOperationsMode {
  const mode = raw?.trim().toLowerCase() || "off";
  if (!PERSISTED_OPERATIONS_MODES.includes(mode as PersistedOperationsMode)) {
    problems.add(
      `PERSISTED_OPERATIONS must be ${PERSISTED_OPERATIONS_MODES.join(" or ")}; got "${raw}"`,
    );
    return "off";
  }
  return mode as PersistedOperationsMode;
}

function timeouts(problems: Problems, env: Env): TimeoutConfig {
  const config: TimeoutConfig = {
    upstreamConnectMs: integer(
      problems,
      "UPSTREAM_CONNECT_TIMEOUT_MS",
      env.UPSTREAM_CONNECT_TIMEOUT_MS,
      DEFAULT_UPSTREAM_CONNECT_TIMEOUT_MS,
      1,
      MAX_TIMEOUT_MS,
    ),
    upstreamMs: integer(
      problems,
      "UPSTREAM_TIMEOUT_MS",
      env.UPSTREAM_TIMEOUT_MS,
      DEFAULT_UPSTREAM_TIMEOUT_MS,
      1,
      MAX_TIMEOUT_MS,
    ),
    requestMs: integer(
      problems,
      "REQUEST_TIMEOUT_MS",
      env.REQUEST_TIMEOUT_MS,
      DEFAULT_REQUEST_TIMEOUT_MS,
      1,
      MAX_TIMEOUT_MS,
    ),
    shutdownGraceMs: integer(
      problems,
      "SHUTDOWN_GRACE_MS",
      env.SHUTDOWN_GRACE_MS,
      DEFAULT_SHUTDOWN_GRACE_MS,
      0,
      MAX_TIMEOUT_MS,
    ),
  };
  // The connection is part of an attempt, and attempts run inside the request's deadline.
  if (config.upstreamConnectMs > config.upstreamMs) {
    problems.add(
      `UPSTREAM_CONNECT_TIMEOUT_MS (${config.upstreamConnectMs}) must not exceed UPSTREAM_TIMEOUT_MS (${config.upstreamMs})`,
    );
  }
  if (config.upstreamMs > config.requestMs) {
    problems.add(
      `UPSTREAM_TIMEOUT_MS (${config.upstreamMs}) must not exceed REQUEST_TIMEOUT_MS (${config.requestMs})`,
    );
  }
  return config;
}

function logLevel(problems: Problems, raw: string | undefined): LogLevel {
  const level = raw?.trim().toLowerCase() || DEFAULT_LOG_LEVEL;
  if (!LOG_LEVELS.includes(level as LogLevel)) {
    problems.add(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}; got "${raw}"`);
    return DEFAULT_LOG_LEVEL;
  }
  return level as LogLevel;
}

function otlpEndpoint(problems: Problems, raw: string | undefined): string | undefined {
  const value = raw?.trim();
  if (!value) return undefined;
  try {
    const url = new URL(value);
    if (url.protocol === "http:" || url.protocol === "https:") return value;
  } catch {
    // reported below
  }
  problems.add(
    `OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL like http://collector:4318; got "${raw}"`,
  );
  return undefined;
}

function observability(problems: Problems, env: Env): ObservabilityConfig {
  const endpoint = otlpEndpoint(problems, env.OTEL_EXPORTER_OTLP_ENDPOINT);
  return {
    logLevel: logLevel(problems, env.LOG_LEVEL),
    metrics: boolean(problems, "METRICS", env.METRICS, true),
    readinessCacheMs: integer(
      problems,
      "READINESS_CACHE_MS",
      env.READINESS_CACHE_MS,
      DEFAULT_READINESS_CACHE_MS,
      0,
      MAX_TIMEOUT_MS,
    ),
    ...(endpoint ? { otlpEndpoint: endpoint } : {}),
    serviceName: env.OTEL_SERVICE_NAME?.trim() || DEFAULT_SERVICE_NAME,
  };
}

function redisUrl(problems: Problems, raw: string | undefined): string | undefined {
  const value = raw?.trim();
  if (!value) return undefined;
  try {
    const url = new URL(value);
    if (["redis:", "rediss:"].includes(url.protocol) && url.hostname) return value;
    if (url.protocol === "unix:" && url.pathname.length > 1) return value;
  } catch {
    // reported below
  }
  problems.add(
    `REDIS_URL must be redis://host:port, rediss://host:port or unix:///path/to/redis.sock; got "${raw}"`,
  );
  return undefined;
}

function cache(problems: Problems, env: Env): CacheConfig {
  const url = redisUrl(problems, env.REDIS_URL);
  return {
    ttlMs: integer(
      problems,
      "CACHE_TTL_MS",
      env.CACHE_TTL_MS,
      DEFAULT_CACHE_TTL_MS,
      0,
      MAX_CACHE_TTL_MS,
    ),
    ...(url ? { redisUrl: url } : {}),
    redisCommandTimeoutMs: integer(
      problems,
      "REDIS_COMMAND_TIMEOUT_MS",
      env.REDIS_COMMAND_TIMEOUT_MS,
      DEFAULT_REDIS_COMMAND_TIMEOUT_MS,
      10,
      MAX_TIMEOUT_MS,
    ),
    maxEntries: integer(
      problems,
      "CACHE_MAX_ENTRIES",
      env.CACHE_MAX_ENTRIES,
      DEFAULT_CACHE_MAX_ENTRIES,
      1,
      10_000_000,
    ),
    maxBytes: integer(
      problems,
      "CACHE_MAX_BYTES",
      env.CACHE_MAX_BYTES,
      DEFAULT_CACHE_MAX_BYTES,
      1_024,
      17_179_869_184,
    ),
  };
}

export function loadGatewayConfig(env: Env): GatewayConfig {
  const problems = new Problems();
  const host = env.HOST?.trim() || "127.0.0.1";
  const port = integer(problems, "PORT", env.PORT, DEFAULT_PORT, 0, 65_535);
  const source = upstream(problems, env);
  const config: GatewayConfig = {
    host,
    port,
    upstream: source,
    corsOrigins: corsOrigins(problems, env.CORS_ORIGINS),
    allowedHosts: allowedHosts(problems, env.ALLOWED_HOSTS, host),
    maxUpstreamCallsPerRequest: integer(
      problems,
      "MAX_UPSTREAM_CALLS_PER_REQUEST",
      env.MAX_UPSTREAM_CALLS_PER_REQUEST,
      DEFAULT_MAX_UPSTREAM_CALLS_PER_REQUEST,
      1,
      10_000,
    ),
    exposure: exposure(problems, env, source.kind),
    timeouts: timeouts(problems, env),
    auth: loadAuthConfig((problem) => problems.add(problem), env, source.kind),
    observability: observability(problems, env),
    cache: cache(problems, env),
  };
  problems.throwIfAny();
  return config;
}

/** The `Host` values to give the gateway once the listening port is known; undefined = no check. */
export function hostsToAllow(setting: AllowedHostsConfig, port: number): string[] | undefined {
  switch (setting.check) {
    case "loopback":
      return loopbackHosts(port);
    case "list":
      return setting.hosts;
    default:
      return undefined;
  }
}

export interface SandboxCliConfig {
  host: string;
  port: number;
  world: SandboxWorldConfig;
  callLogSize: number;
}

/** `npm run sandbox -- --port 4100 --seed 7 --findings 10000 --members 40`; flags win over env. */
export function loadSandboxCliConfig(argv: readonly string[], env: Env): SandboxCliConfig {
  const problems = new Problems();
  const flags: Record<string, string> = {};
  const known = new Set(["--port", "--host", "--seed", "--findings", "--members"]);
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    const [name, inline] = arg.split("=", 2) as [string, string | undefined];
    if (!known.has(name)) {
      problems.add(`unknown option ${arg} (known: ${[...known].join(", ")})`);
      continue;
    }
    const value = inline ?? argv[i + 1];
    if (inline === undefined) i += 1;
    if (value === undefined) problems.add(`${name} needs a value`);
    else flags[name] = value;
  }
  const merged: Env = {
    ...env,
    SANDBOX_SEED: flags["--seed"] ?? env.SANDBOX_SEED,
    SANDBOX_FINDINGS: flags["--findings"] ?? env.SANDBOX_FINDINGS,
    SANDBOX_MEMBERS: flags["--members"] ?? env.SANDBOX_MEMBERS,
  };
  const config: SandboxCliConfig = {
    host: flags["--host"] ?? env.SANDBOX_HOST ?? "127.0.0.1",
    port: integer(
      problems,
      "--port/SANDBOX_PORT",
      flags["--port"] ?? env.SANDBOX_PORT,
      DEFAULT_SANDBOX_PORT,
      0,
      65_535,
    ),
    world: sandboxWorld(problems, merged),
    callLogSize: sandboxCallLogSize(problems, env),
  };
  problems.throwIfAny();
  return config;
}
