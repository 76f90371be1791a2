import type { GraphQLError } from "graphql";
import { afterAll, describe, expect, it } from "vitest";
import { deadlinePassed, shuttingDown, untilAborted } from "../../src/aws/abort.js";
import { createUpstream, requestUpstream } from "../../src/aws/client.js";
import { abandonedCallError, translateAwsError } from "../../src/aws/errors.js";

const site = { operation: "ListFindings", region: "us-east-1", detectorId: "d1" };
const failure = (name: string, fields: Record<string, unknown> = {}) =>
  Object.assign(new Error(`${name} happened`), { name, ...fields });
const extensionsOf = (error: Error) => (error as GraphQLError).extensions;

describe("translating transport failures", () => {
  it.each([
    [
      "the SDK's request timeout",
      failure("TimeoutError", { code: "ETIMEDOUT" }),
      "UPSTREAM_TIMEOUT",
    ],
    ["the SDK's connection timeout", failure("TimeoutError"), "UPSTREAM_TIMEOUT"],
    ["an OS connect timeout", failure("Error", { code: "ETIMEDOUT" }), "UPSTREAM_TIMEOUT"],
    [
      "a reset the SDK names TimeoutError",
      failure("TimeoutError", { code: "ECONNRESET" }),
      "UPSTREAM_UNAVAILABLE",
    ],
    ["a broken pipe", failure("TimeoutError", { code: "EPIPE" }), "UPSTREAM_UNAVAILABLE"],
    ["a refused connection", failure("Error", { code: "ECONNREFUSED" }), "UPSTREAM_UNAVAILABLE"],
  ])("%s is %s", (_name, error, code) => {
    expect(extensionsOf(translateAwsError(error, site)).code).toBe(code);
  });

  it("says how many attempts timed out, without the SDK's internals", () => {
    const error = failure("TimeoutError", { $metadata: { attempts: 3 } });
    const translated = translateAwsError(error, site);
    expect(translated.message).toBe("GuardDuty did not answer in time (3 attempts)");
    expect(extensionsOf(translated)).toMatchObject({
      code: "UPSTREAM_TIMEOUT",
      awsErrorCode: "TimeoutError",
      operation: "ListFindings",
      region: "us-east-1",
    });
  });
});

describe("abandoned calls", () => {
  it("tell a client whether a change had left the gateway", () => {
    const change = { operation: "ArchiveFindings", region: "us-east-1" };
    expect(extensionsOf(abandonedCallError(shuttingDown(), change, true))).toEqual({
      code: "SHUTTING_DOWN",
      operation: "ArchiveFindings",
      region: "us-east-1",
      outcome: "UNKNOWN",
    });
    expect(extensionsOf(abandonedCallError(deadlinePassed(500), change, false)).outcome).toBe(
      "NOT_SENT",
    );
    const read = abandonedCallError(deadlinePassed(500), site, true);
    expect(read.message).toBe(
      "The request's deadline of 500 ms passed before GuardDuty answered (ListFindings).",
    );
    expect(extensionsOf(read).outcome).toBeUndefined();
  });

  it("stop waiting when the signal aborts, even for a call that never settles", async () => {
    const controller = new AbortController();
    const never = new Promise<never>(() => {});
    const waiting = untilAborted(never, controller.signal);
    controller.abort(deadlinePassed(10));
    await expect(waiting).rejects.toMatchObject({ code: "UPSTREAM_TIMEOUT" });
  });

  const clients = createUpstream({ regions: ["us-east-1"], endpoint: "http://127.0.0.1:9" });
  afterAll(() => clients.destroy());

  it("are not sent once the request's signal has aborted", async () => {
    const controller = new AbortController();
    controller.abort(shuttingDown());
    let sent = 0;
    const upstream = requestUpstream(clients, { signal: controller.signal });
    const call = upstream.call({ operation: "ArchiveFindings", region: "us-east-1" }, async () => {
      sent += 1;
      return "done";
    });
    await expect(call).rejects.toMatchObject({
      extensions: { code: "SHUTTING_DOWN", outcome: "NOT_SENT" },
    });
    expect(sent).toBe(0);
  });

  it("answer with the signal's reason whatever error the SDK raised on abort", async () => {
    const controller = new AbortController();
    const upstream = requestUpstream(clients, { signal: controller.signal });
    const call = upstream.call(site, (_client, options) => {
      // As the SDK does: reject with its own AbortError once the signal fires.
      return new Promise((_, reject) =>
        options.abortSignal?.addEventListener("abort", () =>
          reject(failure("AbortError", { code: "ECONNRESET" })),
        ),
      );
    });
    controller.abort(deadlinePassed(250));
    await expect(call).rejects.toMatchObject({
      message: "The request's deadline of 250 ms passed before GuardDuty answered (ListFindings).",
      extensions: { code: "UPSTREAM_TIMEOUT", detectorId: "d1" },
    });
  });
});
