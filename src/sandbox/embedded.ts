import { ConfigError, type SandboxWorldConfig } from "../config.js";
import { createSandbox, identities, type PublicIdentity } from "./sandbox.js";
import { listenSandbox, type RunningSandbox } from "./server.js";

export interface EmbeddedSandbox {
  running: RunningSandbox;
  identity: PublicIdentity;
}

/**
 * Starts the sandbox inside the gateway's process on a free loopback port and picks the identity
 * the gateway acts as: a role name picks the first seeded account with that role.
 */
export async function startEmbeddedSandbox(
  world: SandboxWorldConfig,
  account: string,
  callLogSize: number,
): Promise<EmbeddedSandbox> {
  const sandbox = createSandbox({ ...world, callLogSize });
  const all = identities(sandbox.world);
  const identity = all.find(
    (candidate) => candidate.role === account || candidate.accountId === account,
  );
  if (!identity) {
    throw new ConfigError([
      `SANDBOX_ACCOUNT=${account} is not a seeded account; seeded: ${all.map((i) => `${i.accountId} (${i.role})`).join(", ")}`,
    ]);
  }
  const running = await listenSandbox(sandbox, 0);
  return { running, identity };
}
