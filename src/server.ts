/** Process entry: config -> upstream clients -> gateway -> listen. */
import { createServer } from "node:http";
import { createUpstream, type UpstreamClients } from "./aws/client.js";
import { ConfigError, type GatewayConfig, hostsToAllow, loadGatewayConfig } from "./config.js";
import { createGateway } from "./gateway.js";
import { installProcessGuards } from "./process-guards.js";
import { startEmbeddedSandbox } from "./sandbox/embedded.js";

interface Started {
  upstream: UpstreamClients;
  banner: string[];
  stop: () => Promise<void>;
}

async function connectUpstream(config: GatewayConfig): Promise<Started> {
  if (config.upstream.kind === "aws") {
    const upstream = createUpstream({ regions: config.upstream.regions });
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
  );
  const regions = config.upstream.regions ?? identity.regions;
  const upstream = createUpstream({
    regions,
    endpoint: running.url,
    credentials: { accessKeyId: identity.accessKeyId, secretAccessKey: identity.secretAccessKey },
  });
  return {
    upstream,
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

function browserBanner(config: GatewayConfig, allowedHosts: string[] | undefined): string[] {
  const origins = config.corsOrigins.length > 0 ? config.corsOrigins.join(", ") : "none";
  return [
    `Browsers: pages of other origins allowed: ${origins} (CORS_ORIGINS)`,
    allowedHosts
      ? `  Host header must be one of: ${allowedHosts.join(", ")} (ALLOWED_HOSTS)`
      : "  Host header NOT checked: pages on any domain that resolves to this server can use it (set ALLOWED_HOSTS)",
  ];
}

async function main(): Promise<void> {
  const config = loadGatewayConfig(process.env);
  const started = await connectUpstream(config);
  // The default Host allow-list names the listening port, which PORT=0 only reveals after
  // listen; the handler is attached before the event loop can deliver a first request.
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const allowedHosts = hostsToAllow(config.allowedHosts, port);
  const yoga = createGateway({
    upstream: started.upstream,
    allowedOrigins: config.corsOrigins,
    ...(allowedHosts ? { allowedHosts } : {}),
    maxUpstreamCallsPerRequest: config.maxUpstreamCallsPerRequest,
    ...config.exposure,
  });
  server.on("request", yoga);
  console.log(
    `GuardDuty GraphQL gateway at http://${config.host}:${port}/graphql (GraphiQL in a browser)`,
  );
  for (const line of [...started.banner, ...browserBanner(config, allowedHosts)]) console.log(line);
  const stop = (code: number) => {
    server.close();
    server.closeAllConnections();
    started.stop().then(() => process.exit(code));
  };
  installProcessGuards(process, {
    log: (message, error) => console.error(message, error),
    onFatal: () => stop(1),
  });
  process.once("SIGINT", () => stop(0));
  process.once("SIGTERM", () => stop(0));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
