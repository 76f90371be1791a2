import { SandboxError } from "./errors.js";
import type { Rng } from "./random.js";

/**
 * A fault rule: on a matching call, with `probability`, wait `latencyMs` and/or answer with
 * `status` + `code` instead of the real result. Draws come from the sandbox's seeded generator
 * so a failing run can be replayed.
 */
export interface FaultRule {
  operation?: string;
  probability: number;
  status?: number;
  code?: string;
  message?: string;
  latencyMs?: number;
}

export interface FaultOutcome {
  latencyMs: number;
  error?: SandboxError;
}

export class FaultRuleError extends Error {}

function ruleFrom(input: unknown, index: number, operations: ReadonlySet<string>): FaultRule {
  const where = `rule ${index}`;
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    throw new FaultRuleError(`${where}: must be an object`);
  }
  const raw = input as Record<string, unknown>;
  const rule: FaultRule = { probability: 1 };
  if (raw.operation !== undefined) {
    if (typeof raw.operation !== "string" || !operations.has(raw.operation)) {
      throw new FaultRuleError(`${where}: unknown operation ${JSON.stringify(raw.operation)}`);
    }
    rule.operation = raw.operation;
  }
  if (typeof raw.probability !== "number" || raw.probability < 0 || raw.probability > 1) {
    throw new FaultRuleError(`${where}: probability must be a number from 0 to 1`);
  }
  rule.probability = raw.probability;
  if (raw.status !== undefined || raw.code !== undefined) {
    if (
      typeof raw.status !== "number" ||
      !Number.isInteger(raw.status) ||
      raw.status < 400 ||
      raw.status > 599
    ) {
      throw new FaultRuleError(`${where}: status must be an HTTP error status (400-599)`);
    }
    if (typeof raw.code !== "string" || raw.code === "") {
      throw new FaultRuleError(
        `${where}: code must name the error, e.g. "TooManyRequestsException"`,
      );
    }
    rule.status = raw.status;
    rule.code = raw.code;
  }
  if (raw.message !== undefined) {
    if (typeof raw.message !== "string")
      throw new FaultRuleError(`${where}: message must be a string`);
    rule.message = raw.message;
  }
  if (raw.latencyMs !== undefined) {
    if (typeof raw.latencyMs !== "number" || raw.latencyMs < 0 || raw.latencyMs > 60_000) {
      throw new FaultRuleError(`${where}: latencyMs must be from 0 to 60000`);
    }
    rule.latencyMs = raw.latencyMs;
  }
  if (rule.status === undefined && rule.latencyMs === undefined) {
    throw new FaultRuleError(`${where}: give status and code, latencyMs, or both`);
  }
  return rule;
}

export function parseFaultRules(input: unknown, operations: ReadonlySet<string>): FaultRule[] {
  if (!Array.isArray(input)) throw new FaultRuleError("the body must be a JSON array of rules");
  return input.map((rule, index) => ruleFrom(rule, index, operations));
}

export function drawFault(rules: readonly FaultRule[], operation: string, rng: Rng): FaultOutcome {
  const outcome: FaultOutcome = { latencyMs: 0 };
  for (const rule of rules) {
    if (rule.operation && rule.operation !== operation) continue;
    if (!rng.chance(rule.probability)) continue;
    outcome.latencyMs += rule.latencyMs ?? 0;
    if (rule.status !== undefined && rule.code !== undefined && !outcome.error) {
      outcome.error = new SandboxError(
        rule.status,
        rule.code,
        rule.message ?? defaultMessage(rule.code),
      );
    }
  }
  return outcome;
}

function defaultMessage(code: string): string {
  if (code === "TooManyRequestsException") return "Rate exceeded";
  if (code === "InternalServerErrorException") return "Internal server error";
  return `Injected fault ${code}`;
}
