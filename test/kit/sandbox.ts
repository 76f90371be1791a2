import { GuardDutyClient } from "@aws-sdk/client-guardduty";
import {
  createSandbox,
  type PublicIdentity,
  type Sandbox,
  type SandboxOptions,
} from "../../src/sandbox/sandbox.js";
import { SEED_EPOCH } from "../../src/sandbox/seed.js";
import { listenSandbox, type RunningSandbox } from "../../src/sandbox/server.js";

export interface SandboxKit {
  sandbox: Sandbox;
  running: RunningSandbox;
  url: string;
  identities: PublicIdentity[];
  administrator: PublicIdentity;
  standalone: PublicIdentity;
  members: PublicIdentity[];
  /** A real SDK client acting as `identity` in `region` (default: its first region). */
  client(identity: PublicIdentity, region?: string, maxAttempts?: number): GuardDutyClient;
  control<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }>;
  calls(): Promise<
    {
      operation: string;
      accountId: string;
      region: string;
      itemCount: number;
      findingCriteria?: { criterion?: Record<string, Record<string, unknown>> };
    }[]
  >;
  clearCalls(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts a sandbox on a free loopback port; every test file gets its own. Its world ends at the
 * fixed SEED_EPOCH (not the wall clock) unless `now` says otherwise, so tests that name dates
 * see the same world on any day.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<SandboxKit> {
  const sandbox = createSandbox({ now: SEED_EPOCH, ...options });
  const running = await listenSandbox(sandbox, 0);
  const clients: GuardDutyClient[] = [];

  async function control<T>(method: string, path: string, body?: unknown) {
    const response = await fetch(`${running.url}${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { body: typeof body === "string" ? body : JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as T };
  }

  const kit: SandboxKit = {
    sandbox,
    running,
    url: running.url,
    identities: [],
    administrator: undefined as unknown as PublicIdentity,
    standalone: undefined as unknown as PublicIdentity,
    members: [],
    client(identity, region = identity.regions[0], maxAttempts = 1) {
      const client = new GuardDutyClient({
        region,
        endpoint: running.url,
        maxAttempts,
        credentials: {
          accessKeyId: identity.accessKeyId,
          secretAccessKey: identity.secretAccessKey,
        },
      });
      clients.push(client);
      return client;
    },
    control,
    async calls() {
      return (await control<Awaited<ReturnType<SandboxKit["calls"]>>>("GET", "/_sandbox/calls"))
        .body;
    },
    async clearCalls() {
      await control("DELETE", "/_sandbox/calls");
    },
    async close() {
      for (const client of clients) client.destroy();
      await running.close();
    },
  };
  await refreshIdentities(kit);
  return kit;
}

/** Re-reads identities after a `/_sandbox/seed`. */
export async function refreshIdentities(kit: SandboxKit): Promise<void> {
  kit.identities = (await kit.control<PublicIdentity[]>("GET", "/_sandbox/identities")).body;
  kit.administrator = kit.identities.find((i) => i.role === "administrator") as PublicIdentity;
  kit.standalone = kit.identities.find((i) => i.role === "standalone") as PublicIdentity;
  kit.members = kit.identities.filter((i) => i.role === "member");
}
