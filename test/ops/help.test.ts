import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { gatewayHelp, sandboxHelp } from "../../src/help.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Every `env.NAME` src/config.ts reads. */
function variablesConfigReads(): string[] {
  const source = readFileSync(`${ROOT}src/config.ts`, "utf8");
  return [...new Set([...source.matchAll(/\benv\.([A-Z][A-Z0-9_]+)/g)].map((m) => m[1] as string))];
}

function run(entry: string, args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", entry, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 60_000,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", PORT: "not-a-port" },
  });
}

describe("--help", () => {
  it("lists every variable config.ts reads, with its default", () => {
    const names = variablesConfigReads();
    expect(names.length).toBeGreaterThan(20);
    const text = `${gatewayHelp()}\n${sandboxHelp()}`;
    for (const name of names) expect(text, name).toMatch(new RegExp(`\\b${name}\\b.*\\(default: `));
  });

  it("the gateway prints its help and exits 0 without reading config or starting", () => {
    const result = run("src/server.ts", ["--help"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(gatewayHelp());
    expect(result.stdout).toContain("OTEL_EXPORTER_OTLP_ENDPOINT");
    // PORT=not-a-port would have failed a start.
    expect(result.stderr).not.toContain("Invalid configuration");
  });

  it("the sandbox prints its options and exits 0", () => {
    const result = run("src/sandbox/main.ts", ["-h"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(sandboxHelp());
    expect(result.stdout).toContain("--findings");
  });
});
