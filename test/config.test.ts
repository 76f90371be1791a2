import { describe, expect, it } from "vitest";
import { ConfigError, loadGatewayConfig, loadSandboxCliConfig } from "../src/config.js";

describe("gateway configuration", () => {
  it("defaults to the embedded sandbox as the administrator on port 4000", () => {
    expect(loadGatewayConfig({})).toEqual({
      host: "127.0.0.1",
      port: 4000,
      upstream: {
        kind: "sandbox",
        account: "administrator",
        world: { seed: 1, findingsPerDetector: 500, members: 32 },
      },
      maxUpstreamCallsPerRequest: 50,
    });
  });

  it("reads the per-request budget of GuardDuty calls", () => {
    expect(
      loadGatewayConfig({ MAX_UPSTREAM_CALLS_PER_REQUEST: "200" }).maxUpstreamCallsPerRequest,
    ).toBe(200);
    expect(() => loadGatewayConfig({ MAX_UPSTREAM_CALLS_PER_REQUEST: "0" })).toThrow(
      'MAX_UPSTREAM_CALLS_PER_REQUEST must be a whole number from 1 to 10000; got "0"',
    );
    expect(() => loadGatewayConfig({ MAX_UPSTREAM_CALLS_PER_REQUEST: "lots" })).toThrow(
      /MAX_UPSTREAM_CALLS_PER_REQUEST/,
    );
  });

  it("uses GUARDDUTY_REGIONS, else AWS_REGION, in aws mode", () => {
    expect(
      loadGatewayConfig({ GUARDDUTY_UPSTREAM: "aws", AWS_REGION: "eu-west-1" }).upstream,
    ).toEqual({
      kind: "aws",
      regions: ["eu-west-1"],
    });
    expect(
      loadGatewayConfig({
        GUARDDUTY_UPSTREAM: "aws",
        AWS_REGION: "eu-west-1",
        GUARDDUTY_REGIONS: "us-east-1, us-west-2,us-east-1",
      }).upstream,
    ).toEqual({ kind: "aws", regions: ["us-east-1", "us-west-2"] });
  });

  it("reports every problem at once", () => {
    let error: unknown;
    try {
      loadGatewayConfig({
        GUARDDUTY_UPSTREAM: "aws",
        PORT: "70000",
        GUARDDUTY_REGIONS: "us-east-1,moon-1",
        MAX_UPSTREAM_CALLS_PER_REQUEST: "10001",
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'PORT must be a whole number from 0 to 65535; got "70000"',
      'GUARDDUTY_REGIONS: "moon-1" is not an AWS region name (e.g. us-east-1)',
      'MAX_UPSTREAM_CALLS_PER_REQUEST must be a whole number from 1 to 10000; got "10001"',
    ]);
    expect(() => loadGatewayConfig({ GUARDDUTY_UPSTREAM: "aws" })).toThrow(/AWS_REGION/);
    expect(() => loadGatewayConfig({ SANDBOX_ACCOUNT: "root", SANDBOX_FINDINGS: "-1" })).toThrow(
      /SANDBOX_ACCOUNT[\s\S]*SANDBOX_FINDINGS/,
    );
  });
});

describe("sandbox command line", () => {
  it("takes flags over the environment", () => {
    expect(
      loadSandboxCliConfig(["--port", "0", "--seed=7", "--findings", "10000"], {
        SANDBOX_SEED: "3",
      }),
    ).toEqual({
      host: "127.0.0.1",
      port: 0,
      world: { seed: 7, findingsPerDetector: 10000, members: 32 },
    });
  });

  it("refuses unknown flags and missing values", () => {
    expect(() => loadSandboxCliConfig(["--prot", "1", "--seed"], {})).toThrow(
      /unknown option --prot[\s\S]*--seed needs a value/,
    );
  });
});
