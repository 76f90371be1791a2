import { describe, expect, it } from "vitest";
import {
  ConfigError,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_CONCURRENT_REQUESTS,
  loadGatewayConfig,
  loadSandboxCliConfig,
} from "../src/config.js";

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
      exposure: {
        graphiql: true,
        introspection: true,
        fieldSuggestions: true,
        maxBodyBytes: 1_048_576,
        maxConcurrentRequests: 64,
      },
    });
  });

  it("turns GraphiQL, introspection and suggestions off against AWS unless asked for", () => {
    const aws = { GUARDDUTY_UPSTREAM: "aws", AWS_REGION: "us-east-1" };
    expect(loadGatewayConfig(aws).exposure).toEqual({
      graphiql: false,
      introspection: false,
      fieldSuggestions: false,
      maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
      maxConcurrentRequests: DEFAULT_MAX_CONCURRENT_REQUESTS,
    });
    expect(
      loadGatewayConfig({
        ...aws,
        GRAPHIQL: "true",
        INTROSPECTION: "TRUE",
        FIELD_SUGGESTIONS: " true ",
        MAX_BODY_BYTES: "65536",
        MAX_CONCURRENT_REQUESTS: "8",
      }).exposure,
    ).toEqual({
      graphiql: true,
      introspection: true,
      fieldSuggestions: true,
      maxBodyBytes: 65_536,
      maxConcurrentRequests: 8,
    });
    expect(loadGatewayConfig({ GRAPHIQL: "false", INTROSPECTION: "false" }).exposure).toMatchObject(
      { graphiql: false, introspection: false, fieldSuggestions: true },
    );
  });

  it("reports every bad limit and switch together", () => {
    let error: unknown;
    try {
      loadGatewayConfig({
        MAX_BODY_BYTES: "1mb",
        MAX_CONCURRENT_REQUESTS: "0",
        GRAPHIQL: "yes",
        INTROSPECTION: "1",
        FIELD_SUGGESTIONS: "off",
      });
    } catch (caught) {
      error = caught;
    }
    expect((error as ConfigError).problems).toEqual([
      'GRAPHIQL must be true or false; got "yes"',
      'INTROSPECTION must be true or false; got "1"',
      'FIELD_SUGGESTIONS must be true or false; got "off"',
      'MAX_BODY_BYTES must be a whole number from 1024 to 104857600; got "1mb"',
      'MAX_CONCURRENT_REQUESTS must be a whole number from 1 to 10000; got "0"',
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
