/**
 * The real AWS CLI (botocore's rest-json parser, its own pagination and error handling) against the
 * sandbox. The CLI is slow (about a second per call), so this file makes six calls.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WireFinding } from "../../src/sandbox/store.js";
import { type SandboxKit, startSandbox } from "../kit/sandbox.js";

const US = "us-east-1";
const CLI_TIMEOUT_MS = 30_000;

function findOnPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (dir && existsSync(join(dir, command))) return join(dir, command);
  }
  return undefined;
}

const awsPath = findOnPath("aws");
if (!awsPath) console.warn("cli.test.ts: `aws` is not on PATH; skipping the AWS CLI tests");
const cliIt = awsPath ? it : it.skip;

let kit: SandboxKit;
let detectorId: string;

beforeAll(async () => {
  kit = await startSandbox();
  detectorId = kit.administrator.detectorIds[US] as string;
});

afterAll(async () => {
  await kit?.close();
});

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function aws(args: string[]): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PYENV_ROOT: process.env.PYENV_ROOT,
    PYENV_VERSION: process.env.PYENV_VERSION,
    LANG: "C.UTF-8",
    AWS_ACCESS_KEY_ID: kit.administrator.accessKeyId,
    AWS_SECRET_ACCESS_KEY: kit.administrator.secretAccessKey,
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_CONFIG_FILE: "/dev/null",
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
    AWS_PAGER: "",
  };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  return new Promise((resolve) => {
    execFile(
      awsPath ?? "aws",
      ["guardduty", ...args, "--endpoint-url", kit.url, "--region", US, "--output", "json"],
      { env, timeout: CLI_TIMEOUT_MS, maxBuffer: 32 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

async function awsJson<T>(args: string[]): Promise<T> {
  const result = await aws(args);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as T;
}

function adminFindings(): WireFinding[] {
  return [...(kit.sandbox.world.detectors.get(detectorId)?.findings.values() ?? [])];
}

describe("AWS CLI against the sandbox", () => {
  cliIt("list-detectors", async () => {
    const out = await awsJson<{ DetectorIds: string[] }>(["list-detectors"]);
    expect(out.DetectorIds).toEqual([detectorId]);
  });

  cliIt(
    "list-findings with --finding-criteria auto-paginates with --page-size 5 --max-items 12",
    async () => {
      await kit.clearCalls();
      const criteria = {
        Criterion: {
          severity: { GreaterThanOrEqual: 7 },
          "service.archived": { Equals: ["false"] },
        },
      };
      const out = await awsJson<{ FindingIds: string[]; NextToken?: string }>([
        "list-findings",
        "--detector-id",
        detectorId,
        "--finding-criteria",
        JSON.stringify(criteria),
        "--page-size",
        "5",
        "--max-items",
        "12",
      ]);
      const matching = new Set(
        adminFindings()
          .filter((f) => f.severity >= 7 && !f.service.archived)
          .map((f) => f.id),
      );
      expect(matching.size).toBeGreaterThan(12);
      expect(out.FindingIds).toHaveLength(12);
      expect(new Set(out.FindingIds).size).toBe(12);
      for (const id of out.FindingIds) expect(matching.has(id)).toBe(true);
      // More matching findings remain, so the CLI hands back its own resume token.
      expect(out.NextToken).toBeTruthy();
      // 12 items at 5 per page: three ListFindings requests reached the sandbox.
      const calls = (await kit.calls()).filter((call) => call.operation === "ListFindings");
      expect(calls).toHaveLength(3);
      expect(calls.every((call) => call.accountId === kit.administrator.accountId)).toBe(true);
    },
  );

  cliIt("get-findings", async () => {
    // Two of the administrator's own findings and one of a member's (shown with its detector id).
    const own = adminFindings().filter((f) => f.accountId === kit.administrator.accountId);
    const members = adminFindings().filter((f) => f.accountId !== kit.administrator.accountId);
    const wanted = [own[0], members[0], own[1]] as WireFinding[];
    expect(wanted.every(Boolean)).toBe(true);
    const out = await awsJson<{
      Findings: {
        Id: string;
        Type: string;
        Severity: number;
        UpdatedAt: string;
        Service: { Archived: boolean; DetectorId: string };
      }[];
    }>(["get-findings", "--detector-id", detectorId, "--finding-ids", ...wanted.map((f) => f.id)]);
    expect(out.Findings.map((f) => f.Id)).toEqual(wanted.map((f) => f.id));
    for (const [index, finding] of out.Findings.entries()) {
      const stored = wanted[index] as WireFinding;
      expect(finding.Type).toBe(stored.type);
      expect(finding.Severity).toBe(stored.severity);
      expect(finding.UpdatedAt).toBe(stored.updatedAt);
      expect(finding.Service.Archived).toBe(stored.service.archived);
      expect(finding.Service.DetectorId).toBe(stored.service.detectorId);
    }
  });

  cliIt("get-findings-statistics --group-by SEVERITY", async () => {
    const out = await awsJson<{
      FindingStatistics: {
        GroupedBySeverity: {
          Severity: number;
          TotalFindings: number;
          LastGeneratedAt: number | string;
        }[];
      };
    }>([
      "get-findings-statistics",
      "--detector-id",
      detectorId,
      "--group-by",
      "SEVERITY",
      "--max-results",
      "100",
    ]);
    const groups = out.FindingStatistics.GroupedBySeverity;
    const expected = new Map<number, { count: number; last: number }>();
    for (const f of adminFindings()) {
      const group = expected.get(f.severity) ?? { count: 0, last: 0 };
      group.count += 1;
      group.last = Math.max(group.last, Date.parse(f.updatedAt));
      expected.set(f.severity, group);
    }
    expect(groups).toHaveLength(expected.size);
    for (const group of groups) {
      const want = expected.get(group.Severity);
      expect(group.TotalFindings).toBe(want?.count);
      // botocore parsed the epoch-seconds Timestamp. CLI v1 (cli_timestamp_format "none")
      // prints the number as received; v2 prints ISO 8601.
      const at = group.LastGeneratedAt;
      expect(typeof at === "number" ? at * 1000 : Date.parse(at)).toBe(want?.last);
    }
    expect(groups.reduce((sum, g) => sum + g.TotalFindings, 0)).toBe(adminFindings().length);
  });

  cliIt("list-members", async () => {
    const out = await awsJson<{
      Members: { AccountId: string; RelationshipStatus: string; AdministratorId: string }[];
    }>(["list-members", "--detector-id", detectorId, "--only-associated", "false"]);
    const relationships = kit.sandbox.world.relationships.filter(
      (r) => r.region === US && r.administratorAccountId === kit.administrator.accountId,
    );
    expect(out.Members.map((m) => m.AccountId).sort()).toEqual(
      relationships.map((r) => r.memberAccountId).sort(),
    );
    for (const member of out.Members) {
      expect(member.AdministratorId).toBe(kit.administrator.accountId);
    }
  });

  cliIt("get-detector with a bad id exits non-zero with BadRequestException", async () => {
    const result = await aws(["get-detector", "--detector-id", "0".repeat(32)]);
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("BadRequestException");
    expect(result.stderr).toContain("not owned by the current account");
  });
});
