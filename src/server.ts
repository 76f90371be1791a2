/** Process entry: config -> upstream clients -> gateway -> listen. */
import { authBanner, authenticatorFor } from "./auth/config.js";
import { createMemoryStore, createRedisStore } from "./aws/cache-stores.js";
import { createUpstream, credentialIdentity, type UpstreamClients } from "./aws/client.js";
import { createReadCache, type ReadCache } from "./aws/read-cache.js";
import { ConfigError, type GatewayConfig, hostsToAllow, loadGatewayConfig } from "./config.js";
import { createGateway } from "./gateway.js";
import { gatewayHelp, wantsHelp } from "./help.js";
import type { ExampleDetector } from "./http/graphiql-tabs.js";
import { startHttpServer } from "./http/server.js";
import { EXIT_FATAL, exitOnSignals, gracefulStop } from "./http/signals.js";
import { createLogger, errorForLog, type Logger } from "./ops/logging.js";
import { createOtlpTracing, type Tracing } from "./ops/tracing.js";
import { installProcessGuards } from "./process-guards.js";
import { startEmbeddedSandbox } from "./sandbox/embedded.js";

interface Started {
  upstream: UpstreamClients;
  /** The sandbox detector GraphiQL's example tabs name. */
  exampleDetector?: ExampleDetector;
  banner: string[];
  stop: () => Promise<void>;
}

async function connectUpstream(config: GatewayConfig): Promise<Started> {
  const timeouts = {
    connectTimeoutMs: config.timeouts.upstreamConnectMs,
    requestTimeoutMs: config.timeouts.upstreamMs,
  };
  if (config.upstream.kind === "aws") {
    const upstream = createUpstream({ regions: config.upstream.regions, ...timeouts });
    return {
      upstream,
      banner: [
        `Upstream: AWS GuardDuty (SDK default credentials and endpoints), regions ${config.upstream.regions.join(", ")}`,
      ],
      stop: async () => upstream.destroy(),
    };
  }
  const { running, identity } = await startEmbeddedSandbox(
    config.upstream.world,
    config.upstream.account,
    config.upstream.callLogSize,
  );
  const regions = config.upstream.regions ?? identity.regions;
  const upstream = createUpstream({
    regions,
    endpoint: running.url,
    credentials: { accessKeyId: identity.accessKeyId, secretAccessKey: identity.secretAccessKey },
    ...timeouts,
  });
  const exampleRegion = regions[0];
  const exampleDetectorId = exampleRegion ? identity.detectorIds[exampleRegion] : undefined;
  return {
    upstream,
    ...(exampleRegion && exampleDetectorId
      ? { exampleDetector: { detectorId: exampleDetectorId, region: exampleRegion } }
      : {}),
    banner: [
      "Upstream: the LOCAL GUARDDUTY SANDBOX (generated data, not your AWS account).",
      `  acting as ${identity.role} account ${identity.accountId} in ${regions.join(", ")}; sandbox at ${running.url}`,
      "  Set GUARDDUTY_UPSTREAM=aws to query AWS.",
    ],
    stop: async () => {
      upstream.destroy();
      await running.close();
    },
  };
}

/** How long the start waits for Redis before serving without it (reads then go to GuardDuty). */
const REDIS_READY_WAIT_MS = 5_000;

interface StartedCache {
  cache?: ReadCache;
  banner: string;
  stop: () => Promise<void>;
}

async function startCache(
  config: GatewayConfig,
  upstream: UpstreamClients,
  shutdownSignal: AbortSignal,
  logger: Logger,
): Promise<StartedCache> {
  const { ttlMs, redisUrl } = config.cache;
  if (ttlMs === 0) {
    return { banner: "Cache: off (CACHE_TTL_MS=0)", stop: async () => {} };
  }
  const log = (message: string, error: unknown) =>
    logger.warn(error === undefined ? {} : { error: errorForLog(error) }, message);
  const redis = redisUrl
    ? createRedisStore({
        url: redisUrl,
        commandTimeoutMs: config.cache.redisCommandTimeoutMs,
        log,
      })
    : undefined;
  if (redis && !(await redis.ready(REDIS_READY_WAIT_MS))) {
    log("read cache: Redis is not ready; reads go to GuardDuty until it is", undefined);
  }
  const store =
    redis ??
    createMemoryStore({ maxEntries: config.cache.maxEntries, maxChars: config.cache.maxBytes });
  const cache = createReadCache({
    store,
    ttlMs,
    principal: () => credentialIdentity(upstream),
    sharedTimeoutMs: config.timeouts.requestMs,
    shutdownSignal,
    log,
  });
  return {
    cache,
    banner: `Cache: GuardDuty reads reused for ${ttlMs} ms per caller identity, ${redis ? "shared through Redis (REDIS_URL)" : "in this process (set REDIS_URL to share)"}`,
    stop: () => store.close(),
  };
}

function browserBanner(config: GatewayConfig, allowedHosts: string[] | undefined): string[] {
  const origins = config.corsOrigins.length > 0 ? config.corsOrigins.join(", ") : "none";
  return [
    `Browsers: pages of other origins allowed: ${origins} (CORS_ORIGINS)`,
    allowedHosts
      ? `  Host header must be one of: ${allowedHosts.join(", ")} (ALLOWED_HOSTS)`
      : "  Host header NOT checked: pages on any domain that resolves to this server can use it (set ALLOWED_HOSTS)",
  ];
}

function observabilityBanner(config: GatewayConfig): string[] {
  const { observability } = config;
  return [
    `Operators: /healthz, /readyz${observability.metrics ? ", /metrics" : " (METRICS=false: no /metrics)"}; JSON logs at ${observability.logLevel} (LOG_LEVEL)`,
    observability.otlpEndpoint
      ? `  Traces to ${observability.otlpEndpoint} as ${observability.serviceName}`
      : "  Tracing off (set OTEL_EXPORTER_OTLP_ENDPOINT)",
  ];
}

async function main(): Promise<void> {
  if (wantsHelp(process.argv.slice(2))) {
    process.stdout.write(gatewayHelp());
    return;
  }
  const config = loadGatewayConfig(process.env);
  const logger = createLogger(config.observability.logLevel);
  const tracing: Tracing | undefined = config.observability.otlpEndpoint
    ? createOtlpTracing(config.observability.otlpEndpoint, config.observability.serviceName)
    : undefined;
  const started = await connectUpstream(config);
  const shutdown = new AbortController();
  const cache = await startCache(config, started.upstream, shutdown.signal, logger);
  let gateway: ReturnType<typeof createGateway> | undefined;
  // The default Host allow-list names the listening port, which PORT=0 only reveals after
  // listen. The gateway is built right after (no event-loop turn in between), before a first
  // request can be delivered to the listener.
  const http = await startHttpServer((request, response) => gateway?.(request, response), {
    host: config.host,
    port: config.port,
    onGraceExpired: () => shutdown.abort(),
  });
  const allowedHosts = hostsToAllow(config.allowedHosts, http.port);
  const authenticate = authenticatorFor(config.auth);
  gateway = createGateway({
    ...(authenticate ? { authenticate } : {}),
    upstream: started.upstream,
    allowedOrigins: config.corsOrigins,
    ...(allowedHosts ? { allowedHosts } : {}),
    maxUpstreamCallsPerRequest: config.maxUpstreamCallsPerRequest,
    requestTimeoutMs: config.timeouts.requestMs,
    shutdownSignal: shutdown.signal,
    ...(cache.cache ? { cache: cache.cache } : {}),
    ...config.exposure,
    logger,
    metrics: config.observability.metrics,
    processMetrics: true,
    readinessCacheMs: config.observability.readinessCacheMs,
    isDraining: () => http.draining(),
    ...(tracing ? { tracer: tracing.tracer } : {}),
    ...(started.exampleDetector ? { graphiqlExampleDetector: started.exampleDetector } : {}),
  });
  console.log(`GuardDuty GraphQL gateway at ${http.url}/graphql (GraphiQL in a browser)`);
  const banner = [
    ...started.banner,
    cache.banner,
    authBanner(config.auth),
    ...browserBanner(config, allowedHosts),
    ...observabilityBanner(config),
  ];
  for (const line of banner) console.log(line);
  const stop = gracefulStop(http, config.timeouts.shutdownGraceMs, async () => {
    await started.stop();
    await cache.stop();
    await tracing?.shutdown();
  });
  installProcessGuards(process, {
    log: (message, error) => logger.fatal({ error: errorForLog(error) }, message),
    onFatal: () => stop("Fatal error", EXIT_FATAL),
  });
  exitOnSignals(stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
