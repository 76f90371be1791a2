/**
 * The processes a benchmark runs beside itself (the sandbox, the gateway, the reference
 * clients), each in its own process so the CPU time and memory the kernel reports for it are its
 * own. Every child is registered here and killed when the benchmark exits, however it exits.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import type { PublicIdentity } from "../src/sandbox/sandbox.js";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));

const running = new Set<ChildProcess>();

function killAll(): void {
  for (const child of running) child.kill("SIGKILL");
}
process.once("exit", killAll);
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the benchmark's processes`);
    process.exit(130);
  });
}

export interface Child {
  child: ChildProcess;
  pid: number;
  /** SIGTERM, then SIGKILL if it has not exited within two seconds. */
  stop: () => Promise<void>;
}

export interface SpawnOptions {
  args: readonly string[];
  env?: NodeJS.ProcessEnv;
  /** What the child prints once ready; its first group is returned. */
  ready?: RegExp;
  /** Milliseconds to wait for `ready`. */
  timeoutMs?: number;
}

/** Spawns a Node.js child, resolving once its stdout matches `ready` (or at once without it). */
export async function spawnNode(
  name: string,
  options: SpawnOptions,
): Promise<Child & { match: string }> {
  const child = spawn(process.execPath, [...options.args], {
    cwd: ROOT,
    env: options.env ?? process.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  exited.then(() => running.delete(child));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 2_000);
    await exited;
    clearTimeout(timer);
  };
  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (part: string) => {
    // Keep the tail only: enough to explain a failed start.
    stderr = (stderr + part).slice(-4_000);
  });
  if (!options.ready) return { child, pid: child.pid as number, stop, match: "" };
  const pattern = options.ready;
  let stdout = "";
  child.stdout.setEncoding("utf8");
  const match = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name} did not start within ${options.timeoutMs ?? 60_000} ms`)),
      options.timeoutMs ?? 60_000,
    );
    const onData = (part: string) => {
      stdout += part;
      const found = pattern.exec(stdout);
      if (found?.[1]) {
        clearTimeout(timer);
        child.stdout.off("data", onData);
        resolve(found[1]);
      }
    };
    child.stdout.on("data", onData);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(
        new Error(`${name} exited (${code ?? signal}) before it was ready:\n${stdout}${stderr}`),
      );
    });
  });
  // Drain what it prints later (request logs), so a full pipe never blocks it.
  child.stdout.resume();
  return { child, pid: child.pid as number, stop, match };
}

export interface SandboxProcess extends Child {
  url: string;
  startMs: number;
}

/**
 * The sandbox as `npm run sandbox` runs it. `compiled` runs `dist/` (after `npm run build`);
 * otherwise the sources through tsx.
 */
export async function startSandboxProcess(
  findings: number,
  compiled = false,
): Promise<SandboxProcess> {
  const started = performance.now();
  const entry = compiled ? ["dist/sandbox/main.js"] : ["--import", "tsx", "src/sandbox/main.ts"];
  const sandbox = await spawnNode("sandbox", {
    args: [...entry, "--port", "0", "--findings", String(findings)],
    env: { ...process.env, NODE_ENV: "production" },
    ready: /listening on (http:\/\/\S+)/,
  });
  return { ...sandbox, url: sandbox.match, startMs: performance.now() - started };
}

export async function sandboxIdentities(sandboxUrl: string): Promise<PublicIdentity[]> {
  const response = await fetch(`${sandboxUrl}/_sandbox/identities`);
  return (await response.json()) as PublicIdentity[];
}

export async function sandboxAdministrator(sandboxUrl: string): Promise<PublicIdentity> {
  const admin = (await sandboxIdentities(sandboxUrl)).find(
    (identity) => identity.role === "administrator",
  );
  if (!admin) throw new Error("the sandbox has no administrator identity");
  return admin;
}

/** The environment without the caller's own AWS settings, so nothing reaches a real account. */
function withoutAws(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith("AWS_")));
}

/**
 * The compiled gateway in production mode, talking to the sandbox process as it would talk to
 * AWS (GUARDDUTY_UPSTREAM=aws with the SDK's endpoint and credential variables), so the sandbox's
 * work is not counted in the gateway's CPU time.
 */
export async function startGatewayProcess(
  sandboxUrl: string,
  identity: PublicIdentity,
  settings: Record<string, string> = {},
): Promise<Child & { url: string }> {
  const gateway = await spawnNode("gateway", {
    args: ["dist/server.js"],
    env: {
      ...withoutAws(process.env),
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: "0",
      GUARDDUTY_UPSTREAM: "aws",
      GUARDDUTY_REGIONS: identity.regions.join(","),
      AWS_REGION: identity.regions[0],
      AWS_ENDPOINT_URL_GUARDDUTY: sandboxUrl,
      AWS_ACCESS_KEY_ID: identity.accessKeyId,
      AWS_SECRET_ACCESS_KEY: identity.secretAccessKey,
      AWS_EC2_METADATA_DISABLED: "true",
      AUTH_MODE: "none",
      ...settings,
    },
    ready: /gateway at (http:\/\/[\d.]+:\d+)\/graphql/,
  });
  return { ...gateway, url: gateway.match };
}

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());
    } catch {
      ticksPerSecond = 100;
    }
    if (!Number.isFinite(ticksPerSecond) || ticksPerSecond <= 0) ticksPerSecond = 100;
  }
  return ticksPerSecond;
}

/** User + system CPU milliseconds the process has used (proc(5): stat fields 14 and 15). */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / clockTicks();
}

/** Resident memory in MB (proc(5): VmRSS of /proc/<pid>/status). */
export function processRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}
