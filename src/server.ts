/** Process entry: config -> upstream clients -> gateway -> listen. */
import { createUpstream, type UpstreamClients } from "./aws/client.js";
import { ConfigError, type GatewayConfig, loadGatewayConfig } from "./config.js";
import { createGateway } from "./gateway.js";
import { startHttpServer } from "./http/server.js";
import { exitOnSignals } from "./http/signals.js";
import { startEmbeddedSandbox } from "./sandbox/embedded.js";

interface Started {
  upstream: UpstreamClients;
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
  );
  const regions = config.upstream.regions ?? identity.regions;
  const upstream = createUpstream({
    regions,
    endpoint: running.url,
    credentials: { accessKeyId: identity.accessKeyId, secretAccessKey: identity.secretAccessKey },
    ...timeouts,
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

async function main(): Promise<void> {
  const config = loadGatewayConfig(process.env);
  const started = await connectUpstream(config);
  const shutdown = new AbortController();
  const yoga = createGateway({
    upstream: started.upstream,
    requestTimeoutMs: config.timeouts.requestMs,
    shutdownSignal: shutdown.signal,
  });
  const http = await startHttpServer(yoga, {
    host: config.host,
    port: config.port,
    onGraceExpired: () => shutdown.abort(),
  });
  console.log(`GuardDuty GraphQL gateway at ${http.url}/graphql (GraphiQL in a browser)`);
  for (const line of started.banner) console.log(line);
  exitOnSignals(http, config.timeouts.shutdownGraceMs, started.stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
