import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { newApiKey } from "../src/auth/api-keys.js";
import { AUTH_MODE_REQUIRED, authBanner } from "../src/auth/config.js";
import {
  ConfigError,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_CONCURRENT_REQUESTS,
  hostsToAllow,
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
        callLogSize: 10_000,
      },
      corsOrigins: [],
      allowedHosts: { check: "loopback" },
      maxUpstreamCallsPerRequest: 50,
      exposure: {
        graphiql: true,
        introspection: true,
        fieldSuggestions: true,
        maxBodyBytes: 1_048_576,
        maxConcurrentRequests: 64,
        compression: true,
        compressionMinBytes: 1_024,
        persistedOperations: "off",
      },
      timeouts: {
        upstreamConnectMs: 3_000,
        upstreamMs: 10_000,
        requestMs: 25_000,
        shutdownGraceMs: 10_000,
      },
      auth: { mode: "none" },
      observability: {
        logLevel: "info",
        metrics: true,
        readinessCacheMs: 5_000,
        serviceName: "guardduty-graphql",
      },
      cache: {
        ttlMs: 15_000,
        redisCommandTimeoutMs: 2_000,
        maxEntries: 10_000,
        maxBytes: 67_108_864,
      },
    });
  });

  it("reads the cache settings, and refuses a bad TTL or Redis URL together", () => {
    expect(
      loadGatewayConfig({
        CACHE_TTL_MS: "0",
        REDIS_URL: "unix:///run/redis/redis.sock",
        REDIS_COMMAND_TIMEOUT_MS: "500",
        CACHE_MAX_ENTRIES: "100",
        CACHE_MAX_BYTES: "2048",
      }).cache,
    ).toEqual({
      ttlMs: 0,
      redisUrl: "unix:///run/redis/redis.sock",
      redisCommandTimeoutMs: 500,
      maxEntries: 100,
      maxBytes: 2_048,
    });
    expect(loadGatewayConfig({ REDIS_URL: "redis://cache:6379" }).cache.redisUrl).toBe(
      "redis://cache:6379",
    );
    expect(() =>
      loadGatewayConfig({ CACHE_TTL_MS: "300001", REDIS_URL: "http://cache:6379" }),
    ).toThrow(/REDIS_URL must be[\s\S]*CACHE_TTL_MS must be a whole number from 0 to 300000/);
  });

  it("reads the operators' settings: log level, metrics, readiness cache, tracing", () => {
    expect(
      loadGatewayConfig({
        LOG_LEVEL: "DEBUG",
        METRICS: "false",
        READINESS_CACHE_MS: "0",
        OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318",
        OTEL_SERVICE_NAME: "gd-gateway",
      }).observability,
    ).toEqual({
      logLevel: "debug",
      metrics: false,
      readinessCacheMs: 0,
      otlpEndpoint: "http://collector:4318",
      serviceName: "gd-gateway",
    });
    const error = (() => {
      try {
        loadGatewayConfig({
          LOG_LEVEL: "loud",
          METRICS: "yes",
          READINESS_CACHE_MS: "-1",
          OTEL_EXPORTER_OTLP_ENDPOINT: "collector:4318",
        });
      } catch (caught) {
        return caught as ConfigError;
      }
      throw new Error("expected a ConfigError");
    })();
    expect(error.problems).toEqual([
      'OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL like http://collector:4318; got "collector:4318"',
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent; got "loud"',
      'METRICS must be true or false; got "yes"',
      'READINESS_CACHE_MS must be a whole number from 0 to 600000; got "-1"',
    ]);
  });

  it("reads the embedded sandbox's call log size", () => {
    const upstream = loadGatewayConfig({ SANDBOX_CALL_LOG_SIZE: "2000" }).upstream;
    expect(upstream.kind === "sandbox" && upstream.callLogSize).toBe(2000);
    expect(() => loadGatewayConfig({ SANDBOX_CALL_LOG_SIZE: "many" })).toThrow(
      'SANDBOX_CALL_LOG_SIZE must be a whole number from 1 to 1000000; got "many"',
    );
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

  it("turns GraphiQL, introspection and suggestions off against AWS unless asked for", () => {
    const aws = { GUARDDUTY_UPSTREAM: "aws", AWS_REGION: "us-east-1", AUTH_MODE: "none" };
    expect(loadGatewayConfig(aws).exposure).toEqual({
      graphiql: false,
      introspection: false,
      fieldSuggestions: false,
      maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
      maxConcurrentRequests: DEFAULT_MAX_CONCURRENT_REQUESTS,
      compression: true,
      compressionMinBytes: 1_024,
      persistedOperations: "off",
    });
    expect(
      loadGatewayConfig({
        ...aws,
        GRAPHIQL: "true",
        INTROSPECTION: "TRUE",
        FIELD_SUGGESTIONS: " true ",
        MAX_BODY_BYTES: "65536",
        MAX_CONCURRENT_REQUESTS: "8",
        COMPRESSION: "false",
        COMPRESSION_MIN_BYTES: "0",
        PERSISTED_OPERATIONS: "allow-list",
      }).exposure,
    ).toEqual({
      graphiql: true,
      introspection: true,
      fieldSuggestions: true,
      maxBodyBytes: 65_536,
      maxConcurrentRequests: 8,
      compression: false,
      compressionMinBytes: 0,
      persistedOperations: "allow-list",
    });
    expect(() => loadGatewayConfig({ ...aws, PERSISTED_OPERATIONS: "on" })).toThrow(
      'PERSISTED_OPERATIONS must be off or allow-list; got "on"',
    );
    expect(() => loadGatewayConfig({ ...aws, COMPRESSION: "yes" })).toThrow(/COMPRESSION/);
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
      loadGatewayConfig({ GUARDDUTY_UPSTREAM: "aws", AWS_REGION: "eu-west-1", AUTH_MODE: "none" })
        .upstream,
    ).toEqual({
      kind: "aws",
      regions: ["eu-west-1"],
    });
    expect(
      loadGatewayConfig({
        GUARDDUTY_UPSTREAM: "aws",
        AWS_REGION: "eu-west-1",
        GUARDDUTY_REGIONS: "us-east-1, us-west-2,us-east-1",
        AUTH_MODE: "none",
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
        AUTH_MODE: "none",
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

describe("browser settings", () => {
  it("allows no other origin by default, and exact origins from CORS_ORIGINS", () => {
    expect(loadGatewayConfig({}).corsOrigins).toEqual([]);
    expect(
      loadGatewayConfig({
        CORS_ORIGINS:
          " https://App.Example.com, http://localhost:5173/,https://app.example.com:443",
      }).corsOrigins,
    ).toEqual(["https://app.example.com", "http://localhost:5173"]);
  });

  it("refuses wildcards, null, paths and non-http origins in CORS_ORIGINS, all at once", () => {
    let error: unknown;
    try {
      loadGatewayConfig({
        CORS_ORIGINS:
          "*,null,https://app.example.com/app,ftp://files.example.com,https://*.example.com",
      });
    } catch (caught) {
      error = caught;
    }
    expect((error as ConfigError).problems).toEqual(
      [
        "*",
        "null",
        "https://app.example.com/app",
        "ftp://files.example.com",
        "https://*.example.com",
      ].map(
        (entry) =>
          `CORS_ORIGINS: "${entry}" is not an exact origin like https://app.example.com (no wildcards, paths or "null")`,
      ),
    );
  });

  it("checks Host against loopback names on the listening port when bound to loopback", () => {
    for (const host of ["127.0.0.1", "localhost", "::1", "127.0.0.2"]) {
      expect(loadGatewayConfig({ HOST: host }).allowedHosts).toEqual({ check: "loopback" });
    }
    expect(hostsToAllow({ check: "loopback" }, 4123)).toEqual([
      "localhost:4123",
      "127.0.0.1:4123",
      "[::1]:4123",
    ]);
  });

  it("does not check Host when bound beyond loopback without ALLOWED_HOSTS", () => {
    const config = loadGatewayConfig({ HOST: "0.0.0.0" });
    expect(config.allowedHosts).toEqual({ check: "off" });
    expect(hostsToAllow(config.allowedHosts, 4000)).toBeUndefined();
  });

  it("takes ALLOWED_HOSTS as a list, or * to turn the check off", () => {
    const listed = loadGatewayConfig({ ALLOWED_HOSTS: "graphql.example.com, 10.0.0.5:4000,[::1]" });
    expect(listed.allowedHosts).toEqual({
      check: "list",
      hosts: ["graphql.example.com", "10.0.0.5:4000", "[::1]"],
    });
    expect(hostsToAllow(listed.allowedHosts, 4000)).toEqual([
      "graphql.example.com",
      "10.0.0.5:4000",
      "[::1]",
    ]);
    expect(loadGatewayConfig({ ALLOWED_HOSTS: "*" }).allowedHosts).toEqual({ check: "off" });
  });

  it("reports every malformed ALLOWED_HOSTS entry", () => {
    expect(() =>
      loadGatewayConfig({ ALLOWED_HOSTS: "http://example.com,a b,example.com:99999" }),
    ).toThrow(
      /"http:\/\/example.com" is not a host[\s\S]*"a b" is not a host[\s\S]*"example.com:99999" is not a host/,
    );
    expect(() => loadGatewayConfig({ ALLOWED_HOSTS: "*,example.com" })).toThrow(
      /"\*" turns the check off; list nothing else/,
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
      callLogSize: 10_000,
    });
  });

  it("takes the call log size from SANDBOX_CALL_LOG_SIZE and refuses one out of range", () => {
    expect(loadSandboxCliConfig([], { SANDBOX_CALL_LOG_SIZE: "500" }).callLogSize).toBe(500);
    expect(() => loadSandboxCliConfig([], { SANDBOX_CALL_LOG_SIZE: "0" })).toThrow(
      /SANDBOX_CALL_LOG_SIZE/,
    );
  });

  it("refuses unknown flags and missing values", () => {
    expect(() => loadSandboxCliConfig(["--prot", "1", "--seed"], {})).toThrow(
      /unknown option --prot[\s\S]*--seed needs a value/,
    );
  });
});

describe("authentication settings", () => {
  const dir = mkdtempSync(join(tmpdir(), "gd-auth-config-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const problemsOf = (env: Record<string, string>): string[] => {
    try {
      loadGatewayConfig(env);
    } catch (error) {
      return [...(error as ConfigError).problems];
    }
    return [];
  };
  const aws = { GUARDDUTY_UPSTREAM: "aws", AWS_REGION: "us-east-1" };
  const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const publicPem = rsa.publicKey.export({ type: "spki", format: "pem" }).toString();

  it("runs the sandbox open by default, and says so", () => {
    const config = loadGatewayConfig({});
    expect(config.auth).toEqual({ mode: "none" });
    expect(authBanner(config.auth)).toMatch(/^Authentication: OFF/);
  });

  it("refuses to start against AWS without AUTH_MODE, in one line that says how to choose", () => {
    expect(problemsOf(aws)).toEqual([AUTH_MODE_REQUIRED]);
    expect(AUTH_MODE_REQUIRED).not.toContain("\n");
    expect(AUTH_MODE_REQUIRED).toMatch(/AUTH_MODE: jwt .*apikey .*none/);
    expect(loadGatewayConfig({ ...aws, AUTH_MODE: "none" }).auth).toEqual({ mode: "none" });
    expect(problemsOf({ ...aws, AUTH_MODE: "oauth" })).toEqual([
      'AUTH_MODE must be jwt, apikey, none; got "oauth"',
    ]);
  });

  it("reads the JWT settings with their defaults", () => {
    const config = loadGatewayConfig({
      ...aws,
      AUTH_MODE: "jwt",
      AUTH_JWKS_URL: "https://idp.example.com/.well-known/jwks.json",
      AUTH_JWT_ISSUER: "https://idp.example.com/",
      AUTH_JWT_AUDIENCE: "guardduty-graphql, api://guardduty",
    });
    expect(config.auth).toEqual({
      mode: "jwt",
      jwt: {
        keys: { kind: "jwks", url: "https://idp.example.com/.well-known/jwks.json" },
        issuer: "https://idp.example.com/",
        audience: ["guardduty-graphql", "api://guardduty"],
        clockToleranceS: 30,
        scopesClaim: "scope",
      },
    });
    expect(
      loadGatewayConfig({
        AUTH_MODE: "JWT",
        AUTH_JWT_PUBLIC_KEY_FILE: file("public.pem", publicPem),
        AUTH_JWT_ISSUER: "issuer",
        AUTH_JWT_AUDIENCE: "aud",
        AUTH_JWT_CLOCK_TOLERANCE_S: "0",
        AUTH_SCOPES_CLAIM: "scp",
      }).auth,
    ).toMatchObject({
      mode: "jwt",
      jwt: { keys: { kind: "file" }, clockToleranceS: 0, scopesClaim: "scp" },
    });
  });

  it("reports every JWT problem together", () => {
    expect(problemsOf({ ...aws, AUTH_MODE: "jwt", AUTH_JWT_CLOCK_TOLERANCE_S: "3600" })).toEqual([
      "AUTH_MODE=jwt needs exactly one of AUTH_JWKS_URL or AUTH_JWT_PUBLIC_KEY_FILE",
      "AUTH_MODE=jwt needs AUTH_JWT_ISSUER (the tokens' iss)",
      "AUTH_MODE=jwt needs AUTH_JWT_AUDIENCE (the tokens' aud; a comma list accepts any)",
      'AUTH_JWT_CLOCK_TOLERANCE_S must be a whole number of seconds from 0 to 300; got "3600"',
    ]);
    const jwt = { AUTH_MODE: "jwt", AUTH_JWT_ISSUER: "i", AUTH_JWT_AUDIENCE: "a" };
    expect(problemsOf({ ...jwt, AUTH_JWKS_URL: "http://idp.example.com/jwks.json" })).toEqual([
      'AUTH_JWKS_URL must be an https URL (plain http only on loopback); got "http://idp.example.com/jwks.json"',
    ]);
    expect(problemsOf({ ...jwt, AUTH_JWKS_URL: "http://127.0.0.1:9/jwks.json" })).toEqual([]);
    expect(
      problemsOf({ ...jwt, AUTH_JWKS_URL: "https://x.test/j", AUTH_JWT_PUBLIC_KEY_FILE: "k.pem" }),
    ).toEqual(["AUTH_MODE=jwt needs exactly one of AUTH_JWKS_URL or AUTH_JWT_PUBLIC_KEY_FILE"]);
  });

  it("refuses a key file that is missing, private, not a key, or too weak", () => {
    const jwt = { AUTH_MODE: "jwt", AUTH_JWT_ISSUER: "i", AUTH_JWT_AUDIENCE: "a" };
    const missing = join(dir, "missing.pem");
    expect(problemsOf({ ...jwt, AUTH_JWT_PUBLIC_KEY_FILE: missing })).toEqual([
      `AUTH_JWT_PUBLIC_KEY_FILE: cannot read ${missing} (ENOENT)`,
    ]);
    const privatePem = rsa.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const privatePath = file("private.pem", privatePem);
    expect(problemsOf({ ...jwt, AUTH_JWT_PUBLIC_KEY_FILE: privatePath })).toEqual([
      `AUTH_JWT_PUBLIC_KEY_FILE: ${privatePath} holds a private key; give the gateway the public key only`,
    ]);
    const garbage = file("garbage.pem", "hello");
    expect(problemsOf({ ...jwt, AUTH_JWT_PUBLIC_KEY_FILE: garbage })).toEqual([
      `AUTH_JWT_PUBLIC_KEY_FILE: ${garbage} is not a PEM public key or certificate`,
    ]);
    const weak = generateKeyPairSync("rsa", { modulusLength: 1024 });
    const weakPath = file(
      "weak.pem",
      weak.publicKey.export({ type: "spki", format: "pem" }).toString(),
    );
    expect(problemsOf({ ...jwt, AUTH_JWT_PUBLIC_KEY_FILE: weakPath })).toEqual([
      `AUTH_JWT_PUBLIC_KEY_FILE: ${weakPath}: an RSA key of 1024 bits is too short (at least 2048)`,
    ]);
  });

  it("reads an API key file, and lists its problems with the others", () => {
    const key = newApiKey();
    const good = file(
      "keys.json",
      JSON.stringify([{ name: "ci", sha256: key.sha256, scopes: ["findings:read"] }]),
    );
    const config = loadGatewayConfig({ ...aws, AUTH_MODE: "apikey", AUTH_API_KEYS_FILE: good });
    expect(config.auth).toMatchObject({ mode: "apikey", file: good, keys: [{ name: "ci" }] });
    expect(authBanner(config.auth)).toBe(`Authentication: API keys (1 in ${good})`);
    const bad = file(
      "bad-keys.json",
      JSON.stringify([{ name: "ci", sha256: key.key, scopes: [] }]),
    );
    expect(problemsOf({ ...aws, AUTH_MODE: "apikey", AUTH_API_KEYS_FILE: bad, PORT: "x" })).toEqual(
      [
        'PORT must be a whole number from 0 to 65535; got "x"',
        `AUTH_API_KEYS_FILE ${bad}: key "ci": "sha256" must be the key's SHA-256 digest, 64 hex characters`,
      ],
    );
    expect(problemsOf({ ...aws, AUTH_MODE: "apikey" })).toEqual([
      'AUTH_MODE=apikey needs AUTH_API_KEYS_FILE (a JSON array of {"name", "sha256", "scopes"})',
    ]);
  });

  it("refuses settings of a mode that is not chosen, rather than running open", () => {
    expect(problemsOf({ AUTH_JWKS_URL: "https://idp.example.com/jwks.json" })).toEqual([
      "AUTH_JWKS_URL is set but AUTH_MODE is none (the default against the sandbox); set AUTH_MODE=jwt or unset it",
    ]);
    expect(
      problemsOf({
        AUTH_MODE: "jwt",
        AUTH_JWKS_URL: "https://x.test/j",
        AUTH_JWT_ISSUER: "i",
        AUTH_JWT_AUDIENCE: "a",
        AUTH_API_KEYS_FILE: "keys.json",
      }),
    ).toEqual(["AUTH_API_KEYS_FILE is set but AUTH_MODE is jwt; set AUTH_MODE=apikey or unset it"]);
  });
});
