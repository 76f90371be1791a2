/**
 * `--help` for the two entries. The variables are listed here, beside src/config.ts which reads
 * them, with the defaults taken from its constants; a test checks that every variable config.ts
 * reads appears in this text.
 */
import {
  DEFAULT_CACHE_MAX_BYTES,
  DEFAULT_CACHE_MAX_ENTRIES,
  DEFAULT_CACHE_TTL_MS,
  DEFAULT_COMPRESSION_MIN_BYTES,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_CONCURRENT_REQUESTS,
  DEFAULT_MAX_UPSTREAM_CALLS_PER_REQUEST,
  DEFAULT_PORT,
  DEFAULT_READINESS_CACHE_MS,
  DEFAULT_REDIS_COMMAND_TIMEOUT_MS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_SANDBOX_CALL_LOG_SIZE,
  DEFAULT_SANDBOX_PORT,
  DEFAULT_SERVICE_NAME,
  DEFAULT_SHUTDOWN_GRACE_MS,
  DEFAULT_UPSTREAM_CONNECT_TIMEOUT_MS,
  DEFAULT_UPSTREAM_TIMEOUT_MS,
  SANDBOX_ROLES,
} from "./config.js";
import { DEFAULT_LOG_LEVEL, LOG_LEVELS } from "./ops/logging.js";

interface Variable {
  name: string;
  default: string;
  text: string;
}

export const HELP_FLAGS = ["--help", "-h"] as const;

export function wantsHelp(argv: readonly string[]): boolean {
  return argv.some((arg) => (HELP_FLAGS as readonly string[]).includes(arg));
}

const WORLD: Variable[] = [
  { name: "SANDBOX_SEED", default: "1", text: "seed of the generated world" },
  { name: "SANDBOX_FINDINGS", default: "500", text: "findings per administrator detector" },
  { name: "SANDBOX_MEMBERS", default: "32", text: "member accounts (8-5000)" },
  {
    name: "SANDBOX_CALL_LOG_SIZE",
    default: String(DEFAULT_SANDBOX_CALL_LOG_SIZE),
    text: "calls the sandbox's call log keeps, oldest dropped first",
  },
];

const GATEWAY: [string, Variable[]][] = [
  [
    "Server",
    [
      { name: "HOST", default: "127.0.0.1", text: "address to listen on" },
      { name: "PORT", default: String(DEFAULT_PORT), text: "port (0 picks a free one)" },
    ],
  ],
  [
    "Upstream",
    [
      {
        name: "GUARDDUTY_UPSTREAM",
        default: "sandbox",
        text: "sandbox (embedded local GuardDuty) or aws",
      },
      {
        name: "GUARDDUTY_REGIONS",
        default: "(aws: AWS_REGION; sandbox: the account's)",
        text: "comma list of regions",
      },
      { name: "AWS_REGION", default: "-", text: "region when GUARDDUTY_REGIONS is not set" },
      { name: "AWS_DEFAULT_REGION", default: "-", text: "fallback for AWS_REGION" },
      {
        name: "SANDBOX_ACCOUNT",
        default: "administrator",
        text: `${SANDBOX_ROLES.join(", ")} or a 12-digit account id`,
      },
      ...WORLD,
    ],
  ],
  [
    "Browsers and exposure",
    [
      { name: "CORS_ORIGINS", default: "(none)", text: "origins whose pages may call" },
      {
        name: "ALLOWED_HOSTS",
        default: "(loopback names when bound to loopback)",
        text: "accepted Host values; * turns the check off",
      },
      { name: "GRAPHIQL", default: "true (sandbox) / false (aws)", text: "serve GraphiQL" },
      { name: "INTROSPECTION", default: "true (sandbox) / false (aws)", text: "answer __schema" },
      {
        name: "FIELD_SUGGESTIONS",
        default: "true (sandbox) / false (aws)",
        text: '"Did you mean" hints',
      },
      {
        name: "MAX_BODY_BYTES",
        default: String(DEFAULT_MAX_BODY_BYTES),
        text: "request body limit",
      },
      {
        name: "COMPRESSION",
        default: "true",
        text: "br/gzip responses for clients that accept them",
      },
      {
        name: "COMPRESSION_MIN_BYTES",
        default: String(DEFAULT_COMPRESSION_MIN_BYTES),
        text: "smaller responses are not compressed",
      },
      {
        name: "PERSISTED_OPERATIONS",
        default: "off",
        text: "allow-list: run only schema/operations (by hash)",
      },
      {
        name: "MAX_CONCURRENT_REQUESTS",
        default: String(DEFAULT_MAX_CONCURRENT_REQUESTS),
        text: "requests in flight before 503",
      },
      {
        name: "MAX_UPSTREAM_CALLS_PER_REQUEST",
        default: String(DEFAULT_MAX_UPSTREAM_CALLS_PER_REQUEST),
        text: "GuardDuty calls one request may make",
      },
    ],
  ],
  [
    "Cache of GuardDuty reads",
    [
      {
        name: "CACHE_TTL_MS",
        default: String(DEFAULT_CACHE_TTL_MS),
        text: "how long a read is reused, per caller identity; 0 turns the cache off",
      },
      {
        name: "REDIS_URL",
        default: "(unset: this process's memory)",
        text: "redis://, rediss:// or unix:// store shared by every gateway process",
      },
      {
        name: "REDIS_COMMAND_TIMEOUT_MS",
        default: String(DEFAULT_REDIS_COMMAND_TIMEOUT_MS),
        text: "a slower Redis command counts as Redis down: the read goes to GuardDuty",
      },
      {
        name: "CACHE_MAX_ENTRIES",
        default: String(DEFAULT_CACHE_MAX_ENTRIES),
        text: "entries kept in memory without Redis",
      },
      {
        name: "CACHE_MAX_BYTES",
        default: String(DEFAULT_CACHE_MAX_BYTES),
        text: "approximate bytes of cached text kept in memory without Redis",
      },
    ],
  ],
  [
    "Timeouts (milliseconds)",
    [
      {
        name: "UPSTREAM_CONNECT_TIMEOUT_MS",
        default: String(DEFAULT_UPSTREAM_CONNECT_TIMEOUT_MS),
        text: "connecting to GuardDuty, per attempt",
      },
      {
        name: "UPSTREAM_TIMEOUT_MS",
        default: String(DEFAULT_UPSTREAM_TIMEOUT_MS),
        text: "one attempt of one call",
      },
      {
        name: "REQUEST_TIMEOUT_MS",
        default: String(DEFAULT_REQUEST_TIMEOUT_MS),
        text: "a whole request, retries included",
      },
      {
        name: "SHUTDOWN_GRACE_MS",
        default: String(DEFAULT_SHUTDOWN_GRACE_MS),
        text: "drain on SIGTERM before cutting requests",
      },
    ],
  ],
  [
    "Operations",
    [
      { name: "LOG_LEVEL", default: DEFAULT_LOG_LEVEL, text: LOG_LEVELS.join(", ") },
      { name: "METRICS", default: "true", text: "serve Prometheus metrics at /metrics" },
      {
        name: "READINESS_CACHE_MS",
        default: String(DEFAULT_READINESS_CACHE_MS),
        text: "how long /readyz reuses its GuardDuty check",
      },
      {
        name: "OTEL_EXPORTER_OTLP_ENDPOINT",
        default: "(unset: no tracing)",
        text: "OTLP/HTTP collector base URL; turns tracing on",
      },
      {
        name: "OTEL_SERVICE_NAME",
        default: DEFAULT_SERVICE_NAME,
        text: "service.name of the spans",
      },
    ],
  ],
];

function table(variables: readonly Variable[]): string[] {
  const width = Math.max(...variables.map((variable) => variable.name.length));
  return variables.map(
    (variable) =>
      `  ${variable.name.padEnd(width)}  ${variable.text} (default: ${variable.default})`,
  );
}

export function gatewayHelp(): string {
  const lines = [
    "guardduty-graphql: a GraphQL gateway over AWS GuardDuty",
    "",
    "Usage: npm start [-- --help]",
    "       node dist/server.js [--help]",
    "",
    "Configuration is read from the environment only. Endpoints: /graphql, /healthz, /readyz,",
    "/metrics (METRICS=true). AWS credentials come from the SDK's default chain (AWS_PROFILE,",
    "AWS_ACCESS_KEY_ID, roles...), endpoints from AWS_ENDPOINT_URL_GUARDDUTY.",
  ];
  for (const [title, variables] of GATEWAY) lines.push("", `${title}:`, ...table(variables));
  return `${lines.join("\n")}\n`;
}

export function sandboxHelp(): string {
  return `${[
    "guardduty-graphql sandbox: a local, wire-compatible GuardDuty",
    "",
    "Usage: npm run sandbox -- [--port N] [--host H] [--seed N] [--findings N] [--members N]",
    "",
    "Options (each wins over its variable):",
    `  --port      listening port (default: ${DEFAULT_SANDBOX_PORT}; 0 picks a free one)`,
    "  --host      listening address (default: 127.0.0.1)",
    "  --seed      seed of the generated world (default: 1)",
    "  --findings  findings per administrator detector (default: 500)",
    "  --members   member accounts (default: 32)",
    "  --help, -h  print this and exit",
    "",
    "Environment:",
    ...table([
      { name: "SANDBOX_PORT", default: String(DEFAULT_SANDBOX_PORT), text: "listening port" },
      { name: "SANDBOX_HOST", default: "127.0.0.1", text: "listening address" },
      ...WORLD,
    ]),
  ].join("\n")}\n`;
}
