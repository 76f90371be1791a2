import { GuardDutyClient, type GuardDutyClientConfig } from "@aws-sdk/client-guardduty";

/**
 * The long-lived upstream: one GuardDutyClient per covered region, built once per process and
 * injected into every request's context. Nothing else constructs SDK clients.
 */
export interface Upstream {
  /** Regions the gateway covers, in the configured order. */
  readonly regions: readonly string[];
  client(region: string): GuardDutyClient;
  destroy(): void;
}

export interface UpstreamOptions {
  regions: readonly string[];
  /** Endpoint override (the sandbox); undefined = the SDK's own rules (AWS_ENDPOINT_URL_GUARDDUTY, etc.). */
  endpoint?: string;
  credentials?: GuardDutyClientConfig["credentials"];
  maxAttempts?: number;
  /** Milliseconds before a single HTTP attempt is abandoned. */
  requestTimeoutMs?: number;
}

export function createUpstream(options: UpstreamOptions): Upstream {
  const clients = new Map<string, GuardDutyClient>();
  for (const region of options.regions) {
    clients.set(
      region,
      new GuardDutyClient({
        region,
        ...(options.endpoint ? { endpoint: options.endpoint } : {}),
        ...(options.credentials ? { credentials: options.credentials } : {}),
        ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
        ...(options.requestTimeoutMs
          ? { requestHandler: { requestTimeout: options.requestTimeoutMs } }
          : {}),
      }),
    );
  }
  return {
    regions: [...options.regions],
    client(region) {
      const client = clients.get(region);
      if (!client) throw new RangeError(`region ${region} is not covered by this gateway`);
      return client;
    },
    destroy() {
      for (const client of clients.values()) client.destroy();
    },
  };
}
