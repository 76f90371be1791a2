/** Process entry: config -> upstream clients -> gateway -> listen. */
import { createServer } from "node:http";
import { createUpstream, type Upstream } from "./aws/client.js";
import { ConfigError, type GatewayConfig, loadGatewayConfig } from "./config.js";
import { createGateway } from "./gateway.js";
import { startEmbeddedSandbox } from "./sandbox/embedded.js";

interface Started {
  upstream: Upstream;
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

async function main(): Promise<void> {
  const config = loadGatewayConfig(process.env);
  const started = await connectUpstream(config);
  const yoga = createGateway({ upstream: started.upstream, ...config.exposure });
  const server = createServer(yoga);
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  console.log(
    `GuardDuty GraphQL gateway at http://${config.host}:${port}/graphql (GraphiQL in a browser)`,
  );
  for (const line of started.banner) console.log(line);
  const stop = () => {
    server.close();
    server.closeAllConnections();
    started.stop().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
