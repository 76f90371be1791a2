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
      timeouts: {
        upstreamConnectMs: 3_000,
        upstreamMs: 10_000,
        requestMs: 25_000,
        shutdownGraceMs: 10_000,
      },
    });
  });

  it("reads the timeouts and the shutdown grace period", () => {
    expect(
      loadGatewayConfig({
        UPSTREAM_CONNECT_TIMEOUT_MS: "500",
        UPSTREAM_TIMEOUT_MS: "2000",
        REQUEST_TIMEOUT_MS: "6000",
        SHUTDOWN_GRACE_MS: "0",
      }).timeouts,
    ).toEqual({ upstreamConnectMs: 500, upstreamMs: 2000, requestMs: 6000, shutdownGraceMs: 0 });
  });

  it("refuses timeouts that are not positive whole numbers, and reports them together", () => {
    expect(() =>
      loadGatewayConfig({
        UPSTREAM_CONNECT_TIMEOUT_MS: "0",
        UPSTREAM_TIMEOUT_MS: "1.5",
        REQUEST_TIMEOUT_MS: "soon",
        SHUTDOWN_GRACE_MS: "-1",
      }),
    ).toThrow(
      /UPSTREAM_CONNECT_TIMEOUT_MS must be a whole number from 1 to 600000; got "0"[\s\S]*UPSTREAM_TIMEOUT_MS must be[\s\S]*REQUEST_TIMEOUT_MS must be[\s\S]*SHUTDOWN_GRACE_MS must be a whole number from 0 to 600000/,
    );
  });

  it("refuses an attempt timeout longer than the request's deadline, and a connect timeout longer than the attempt", () => {
    let error: unknown;
    try {
      loadGatewayConfig({
        UPSTREAM_CONNECT_TIMEOUT_MS: "5000",
        UPSTREAM_TIMEOUT_MS: "4000",
        REQUEST_TIMEOUT_MS: "3000",
      });
    } catch (caught) {
      error = caught;
    }
    expect((error as ConfigError).problems).toEqual([
      "UPSTREAM_CONNECT_TIMEOUT_MS (5000) must not exceed UPSTREAM_TIMEOUT_MS (4000)",
      "UPSTREAM_TIMEOUT_MS (4000) must not exceed REQUEST_TIMEOUT_MS (3000)",
    ]);
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
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'PORT must be a whole number from 0 to 65535; got "70000"',
      'GUARDDUTY_REGIONS: "moon-1" is not an AWS region name (e.g. us-east-1)',
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
