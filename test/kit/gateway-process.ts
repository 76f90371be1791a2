/**
 * The real gateway process (embedded sandbox, PORT=0) for tests that measure the process
 * itself: started with `node`, ready once it prints its address.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export interface GatewayProcess {
  child: ChildProcess;
  /** e.g. http://127.0.0.1:43121 (the GraphQL endpoint is `${url}/graphql`). */
  url: string;
}

export interface GatewayProcessOptions {
  /** Node's arguments; default: the source entry through tsx. */
  args?: readonly string[];
  /**
   * Added to this process's environment (after the loopback, sandbox, production and
   * CACHE_TTL_MS=0 defaults).
   */
  env?: Readonly<Record<string, string>>;
  /** Open an IPC channel (for a test entry that answers messages). */
  ipc?: boolean;
}

export function spawnGateway(options: GatewayProcessOptions = {}): Promise<GatewayProcess> {
  const child = spawn(
    process.execPath,
    [...(options.args ?? ["--import", "tsx", "src/server.ts"])],
    {
      cwd: fileURLToPath(new URL("../..", import.meta.url)),
      env: {
        ...process.env,
        PORT: "0",
        HOST: "127.0.0.1",
        GUARDDUTY_UPSTREAM: "sandbox",
        NODE_ENV: "production",
        // Measurements of the process itself, not of the cache; a test that wants it says so.
        CACHE_TTL_MS: "0",
        ...options.env,
      },
      stdio: options.ipc ? ["ignore", "pipe", "pipe", "ipc"] : ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  return new Promise((resolve, reject) => {
    child.stdout?.setEncoding("utf8");
    child.stdout?.on("data", (part: string) => {
      output += part;
      const match = /gateway at (http:\/\/[\d.]+:\d+)\/graphql/.exec(output);
      if (match?.[1]) resolve({ child, url: match[1] });
    });
    child.stderr?.resume();
    child.once("exit", (code) => reject(new Error(`gateway exited with ${code}: ${output}`)));
  });
}
