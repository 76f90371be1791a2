/** `npm run sandbox`: the local GuardDuty on its own, for the AWS CLI, scripts and benchmarks. */
import { ConfigError, loadSandboxCliConfig } from "../config.js";
import { sandboxHelp, wantsHelp } from "../help.js";
import { createSandbox, identities } from "./sandbox.js";
import { listenSandbox } from "./server.js";

async function main(): Promise<void> {
  if (wantsHelp(process.argv.slice(2))) {
    process.stdout.write(sandboxHelp());
    return;
  }
  const config = loadSandboxCliConfig(process.argv.slice(2), process.env);
  const sandbox = createSandbox({ ...config.world, callLogSize: config.callLogSize });
  const running = await listenSandbox(sandbox, config.port, config.host);
  console.log(`GuardDuty sandbox listening on ${running.url}`);
  console.log(
    `World: seed ${config.world.seed}, ${config.world.findingsPerDetector} findings per administrator detector, ${config.world.members} members`,
  );
  console.log("Identities (use their keys with --endpoint-url):");
  for (const identity of identities(sandbox.world)) {
    const detectors = Object.entries(identity.detectorIds)
      .map(([region, id]) => `${region}=${id}`)
      .join(" ");
    console.log(
      `  ${identity.role.padEnd(13)} ${identity.accountId}  AWS_ACCESS_KEY_ID=${identity.accessKeyId} AWS_SECRET_ACCESS_KEY=${identity.secretAccessKey}  ${detectors}`,
    );
  }
  const stop = () => {
    running.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
