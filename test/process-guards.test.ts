import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { installProcessGuards, type ProcessLike } from "../src/process-guards.js";

function guarded() {
  const target = new EventEmitter();
  const logged: [string, unknown][] = [];
  let fatal = 0;
  installProcessGuards(target as unknown as ProcessLike, {
    log: (message, error) => logged.push([message, error]),
    onFatal: () => {
      fatal += 1;
    },
  });
  return { target, logged, fatal: () => fatal };
}

describe("last-resort process guards", () => {
  it("logs an unhandled rejection and keeps serving", () => {
    const { target, logged, fatal } = guarded();
    const reason = new Error("lost");
    target.emit("unhandledRejection", reason);
    target.emit("unhandledRejection", "a string reason");
    expect(logged.map(([message]) => message)).toEqual([
      expect.stringMatching(/nobody awaiting it; still serving/),
      expect.stringMatching(/nobody awaiting it; still serving/),
    ]);
    expect(logged[0]?.[1]).toBe(reason);
    expect(fatal()).toBe(0);
  });

  it("drains once and exits on an uncaught exception", () => {
    const { target, logged, fatal } = guarded();
    target.emit("uncaughtException", new Error("half-done"));
    target.emit("uncaughtException", new Error("again"));
    expect(fatal()).toBe(1);
    expect(logged).toHaveLength(2);
    expect(logged[0]?.[0]).toMatch(/draining in-flight requests, then exiting 1/);
  });
});
