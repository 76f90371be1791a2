/**
 * The only reader of the environment. Each loader validates everything at once and reports
 * every problem together, so a misconfigured start fails once with the full list.
 */

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
export const DEFAULT_UPSTREAM_CONNECT_TIMEOUT_MS = 3_000;
export const DEFAULT_UPSTREAM_TIMEOUT_MS = 10_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 25_000;
export const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;
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
      /** Undefined = the regions of the chosen account. */
      regions?: string[];
    }
  | { kind: "aws"; regions: string[] };

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

export interface GatewayConfig {
  host: string;
  port: number;
  upstream: UpstreamConfig;
  timeouts: TimeoutConfig;
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

function regionList(problems: Problems, name: string, raw: string): string[] {
  const regions = [
    ...new Set(
      raw
        .split(",")
        .map((region) => region.trim())
        .filter(Boolean),
    ),
  ];
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

export function loadGatewayConfig(env: Env): GatewayConfig {
  const problems = new Problems();
  const config: GatewayConfig = {
    host: env.HOST?.trim() || "127.0.0.1",
    port: integer(problems, "PORT", env.PORT, DEFAULT_PORT, 0, 65_535),
    upstream: upstream(problems, env),
    timeouts: timeouts(problems, env),
  };
  problems.throwIfAny();
  return config;
}

export interface SandboxCliConfig {
  host: string;
  port: number;
  world: SandboxWorldConfig;
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
  };
  problems.throwIfAny();
  return config;
}
