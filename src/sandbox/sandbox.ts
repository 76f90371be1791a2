/**
 * The sandbox as a request handler: restJson1 GuardDuty routes plus the `/_sandbox/*` control
 * plane. It never listens by itself (see server.ts) so tests and the gateway can embed it.
 */

import { RingLog } from "./call-log.js";
import { errorMessage, SandboxError } from "./errors.js";
import { drawFault, type FaultRule, FaultRuleError, parseFaultRules } from "./faults.js";
import { type Caller, resolveCaller } from "./identity.js";
import { Memo } from "./memo.js";
import type { OperationContext } from "./operations/context.js";
import { Pager } from "./paging.js";
import { createRng, type Rng } from "./random.js";
import { matchRoute, ROUTES, type Route } from "./routes.js";
import { createWorld, DEFAULT_SEED_OPTIONS } from "./seed.js";
import { detectorsOf, type SeedOptions, type World } from "./store.js";
import {
  errorResponse,
  jsonResponse,
  parseJsonBody,
  type SandboxRequest,
  type SandboxResponse,
} from "./wire.js";

export interface CallRecord {
  operation: string;
  accountId: string;
  region: string;
  /** Ids or account ids sent, for operations that take a list; 0 otherwise. */
  itemCount: number;
  /**
   * The `findingCriteria` sent (ListFindings, GetFindingsStatistics), as received, so a test can
   * see which filters reached the service rather than infer them from the answer.
   */
  findingCriteria?: unknown;
}

export interface Sandbox {
  handle(request: SandboxRequest): Promise<SandboxResponse>;
  readonly world: World;
  /** The call log, oldest first: the newest `callLogSize` calls. */
  readonly calls: readonly CallRecord[];
}

export interface SandboxOptions extends Partial<SeedOptions> {
  /** Calls the log keeps (`GET /_sandbox/calls`); older ones are dropped first. */
  callLogSize?: number;
  /**
   * The instant (epoch milliseconds) the world ends at: its newest findings are minutes old.
   * Default: when the sandbox is created, so "the last 7 days" holds findings on any day. A
   * reset or reseed keeps it.
   */
  now?: number;
}

/** Enough for any test's or a benchmark run's call counts; a long-running sandbox stays flat. */
export const DEFAULT_CALL_LOG_SIZE = 10_000;

const OPERATIONS: ReadonlySet<string> = new Set(ROUTES.map((route) => route.operation));
/**
 * Memoized query results kept between changes. Each can hold a detector's worth of findings,
 * so their total length is bounded too: 2,000,000 references is about 16 MB.
 */
const MEMO_LIMITS = { entries: 256, items: 2_000_000 };
/** Upper bounds that keep a `/_sandbox/seed` request from exhausting memory. */
const MAX_FINDINGS_PER_DETECTOR = 200_000;
const MAX_MEMBERS = 5_000;
const MIN_MEMBERS_FOR_EVERY_STATUS = 8;

export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const { callLogSize = DEFAULT_CALL_LOG_SIZE, now = Date.now(), ...seed } = options;
  let seedOptions: SeedOptions = { ...DEFAULT_SEED_OPTIONS, ...seed };
  let world = createWorld(seedOptions, now);
  let pager = new Pager();
  let faultRng: Rng = createRng(seedOptions.seed);
  let faults: FaultRule[] = [];
  const memo = new Memo(MEMO_LIMITS);
  const calls = new RingLog<CallRecord>(callLogSize);

  function rebuild(next: SeedOptions): void {
    seedOptions = next;
    world = createWorld(next, now);
    // A new key: tokens issued before the reset stop working.
    pager = new Pager();
    faultRng = createRng(next.seed);
    memo.clear();
  }

  function operationContext(
    request: SandboxRequest,
    labels: Record<string, string>,
    caller: Caller,
    body: Record<string, unknown>,
  ): OperationContext {
    return {
      world,
      pager,
      caller: caller.identity,
      region: caller.region,
      labels,
      query: request.query,
      body,
      changed: (keep?: (key: string) => boolean) => (keep ? memo.retain(keep) : memo.clear()),
      memo: <T>(key: string, compute: () => T, weigh?: (value: T) => number): T =>
        memo.get(key, compute, weigh),
    };
  }

  async function handleOperation(
    route: Route,
    labels: Record<string, string>,
    request: SandboxRequest,
  ): Promise<SandboxResponse> {
    const caller = resolveCaller(world, request.headers.authorization);
    let body: Record<string, unknown> = {};
    let bodyError: SandboxError | undefined;
    try {
      body = parseJsonBody(request);
    } catch (error) {
      bodyError = error as SandboxError;
    }
    const list = route.listMember ? body[route.listMember] : undefined;
    calls.push({
      operation: route.operation,
      accountId: caller.identity.accountId,
      region: caller.region,
      itemCount: Array.isArray(list) ? list.length : 0,
      ...(body.findingCriteria !== undefined ? { findingCriteria: body.findingCriteria } : {}),
    });
    const fault = drawFault(faults, route.operation, faultRng);
    if (fault.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, fault.latencyMs));
    if (fault.error) return errorResponse(fault.error);
    if (bodyError) throw bodyError;
    const context = operationContext(request, labels, caller, body);
    const result = route.handler(context);
    return jsonResponse(200, typeof result === "string" ? result : JSON.stringify(result ?? {}));
  }

  function controlError(status: number, message: string): SandboxResponse {
    return jsonResponse(status, JSON.stringify({ message }));
  }

  function handleControl(request: SandboxRequest): SandboxResponse {
    const action = `${request.method} ${request.path}`;
    switch (action) {
      case "GET /_sandbox/identities":
        return jsonResponse(200, JSON.stringify(identities(world)));
      case "GET /_sandbox/calls":
        return jsonResponse(200, JSON.stringify(calls.toArray()));
      case "DELETE /_sandbox/calls":
        calls.clear();
        return jsonResponse(200, "[]");
      case "POST /_sandbox/reset":
        rebuild(seedOptions);
        return jsonResponse(200, JSON.stringify({ ...seedOptions }));
      case "POST /_sandbox/seed": {
        const next = parseSeedOptions(request.body, seedOptions);
        if (typeof next === "string") return controlError(400, next);
        rebuild(next);
        return jsonResponse(200, JSON.stringify({ ...next }));
      }
      case "GET /_sandbox/faults":
        return jsonResponse(200, JSON.stringify(faults));
      case "PUT /_sandbox/faults": {
        try {
          faults = parseFaultRules(JSON.parse(request.body || "null"), OPERATIONS);
        } catch (error) {
          if (error instanceof FaultRuleError || error instanceof SyntaxError) {
            return controlError(400, `Invalid fault rules: ${error.message}`);
          }
          throw error;
        }
        return jsonResponse(200, JSON.stringify(faults));
      }
      default:
        return controlError(404, `No control action ${action}`);
    }
  }

  async function handle(request: SandboxRequest): Promise<SandboxResponse> {
    try {
      if (request.path === "/_sandbox" || request.path.startsWith("/_sandbox/")) {
        return handleControl(request);
      }
      const match = matchRoute(request.method, request.path);
      switch (match.kind) {
        case "matched":
          return await handleOperation(match.route, match.labels, request);
        case "wrong-method":
          return errorResponse(
            new SandboxError(
              405,
              "MethodNotAllowedException",
              `${request.method} is not allowed on ${request.path}; allowed: ${match.allowed.join(", ")}.`,
            ),
          );
        case "bad-encoding":
          return errorResponse(
            new SandboxError(
              400,
              "BadRequestException",
              "The request path is not valid percent-encoding.",
              "InvalidInputException",
            ),
          );
        default:
          return errorResponse(
            new SandboxError(
              404,
              "UnknownOperationException",
              `No GuardDuty operation matches ${request.method} ${request.path}.`,
            ),
          );
      }
    } catch (error) {
      if (error instanceof SandboxError) return errorResponse(error);
      // A bug in the sandbox must not take the process down: answer like the service's 500.
      console.error("sandbox: unexpected error", errorMessage(error));
      return errorResponse(
        new SandboxError(500, "InternalServerErrorException", "Internal server error."),
      );
    }
  }

  return {
    handle,
    get world() {
      return world;
    },
    get calls() {
      return calls.toArray();
    },
  };
}

export interface PublicIdentity {
  accountId: string;
  role: string;
  accessKeyId: string;
  secretAccessKey: string;
  regions: string[];
  detectorIds: Record<string, string>;
}

/** `/_sandbox/identities`: enough for any client to act as each seeded account. */
export function identities(world: World): PublicIdentity[] {
  return world.identities.map((identity) => {
    const detectorIds = Object.fromEntries(
      identity.regions.flatMap((region) =>
        detectorsOf(world, identity.accountId, region).map((detector) => [
          region,
          detector.detectorId,
        ]),
      ),
    );
    return {
      accountId: identity.accountId,
      role: identity.role,
      accessKeyId: identity.accessKeyId,
      secretAccessKey: identity.secretAccessKey,
      regions: identity.regions,
      detectorIds,
    };
  });
}

function wholeNumberIn(value: unknown, min: number, max: number): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;
}

/** Returns the new options, or a message saying every problem with the request. */
function parseSeedOptions(body: string, current: SeedOptions): SeedOptions | string {
  let raw: unknown;
  try {
    raw = JSON.parse(body || "{}");
  } catch {
    return "The body must be JSON: {seed, findingsPerDetector, members}";
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    return "The body must be a JSON object: {seed, findingsPerDetector, members}";
  }
  const input = raw as Record<string, unknown>;
  const next = { ...current, ...input } as SeedOptions;
  const problems: string[] = [];
  if (!wholeNumberIn(next.seed, 0, 2 ** 32 - 1))
    problems.push("seed must be an integer from 0 to 4294967295");
  if (!wholeNumberIn(next.findingsPerDetector, 0, MAX_FINDINGS_PER_DETECTOR)) {
    problems.push(`findingsPerDetector must be an integer from 0 to ${MAX_FINDINGS_PER_DETECTOR}`);
  }
  if (!wholeNumberIn(next.members, MIN_MEMBERS_FOR_EVERY_STATUS, MAX_MEMBERS)) {
    problems.push(
      `members must be an integer from ${MIN_MEMBERS_FOR_EVERY_STATUS} to ${MAX_MEMBERS}`,
    );
  }
  const unknown = Object.keys(input).filter(
    (key) => !["seed", "findingsPerDetector", "members"].includes(key),
  );
  if (unknown.length > 0) problems.push(`unknown members: ${unknown.join(", ")}`);
  return problems.length > 0
    ? problems.join("; ")
    : { seed: next.seed, findingsPerDetector: next.findingsPerDetector, members: next.members };
}
