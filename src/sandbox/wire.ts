/**
 * The only module that knows how GuardDuty's restJson1 protocol looks on the wire: request
 * bodies in, JSON responses out, and the error layout both SDKs parse (the API reference's
 * common errors, and what the SDKs' restJson1 error deserializers read).
 */
import { randomUUID } from "node:crypto";
import { badRequest, SandboxError } from "./errors.js";
import type { WireFinding } from "./store.js";

export interface SandboxRequest {
  method: string;
  /** Raw path, still percent-encoded, without the query string. */
  path: string;
  query: URLSearchParams;
  /** Lower-cased header names. */
  headers: Record<string, string | undefined>;
  body: string;
}

export interface SandboxResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function jsonResponse(status: number, body: string): SandboxResponse {
  return {
    status,
    headers: { "content-type": "application/json", "x-amzn-requestid": randomUUID() },
    body,
  };
}

/**
 * The real service puts the modeled name in `x-amzn-ErrorType` and a finer internal code in the
 * body's `__type`; the JS SDK resolves the header first, so both must be sent.
 */
export function errorResponse(error: SandboxError): SandboxResponse {
  const response = jsonResponse(
    error.status,
    JSON.stringify({ message: error.message, __type: error.internalType }),
  );
  response.headers["x-amzn-errortype"] = error.errorType;
  return response;
}

/**
 * Disassociate calls arrive with no body and no Content-Type; everything else sends JSON
 * (`{}` when no member is set).
 */
export function parseJsonBody(request: SandboxRequest): Record<string, unknown> {
  if (request.body.trim() === "") return {};
  const contentType = request.headers["content-type"];
  if (contentType && !/^application\/(x-amz-)?json\b/i.test(contentType)) {
    throw badRequest(
      `The request is rejected because the content type ${contentType} is not supported.`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(request.body);
  } catch {
    throw badRequest("The request is rejected because the request body is not valid JSON.");
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw badRequest("The request is rejected because the request body must be a JSON object.");
  }
  return parsed as Record<string, unknown>;
}

// Findings are serialized once and reused until they change: GetFindings answers are large
// (about 2.6 KB a finding) and are the hot path of every gateway benchmark.
const serializedFindings = new WeakMap<WireFinding, string>();

export function findingJson(finding: WireFinding): string {
  let json = serializedFindings.get(finding);
  if (json === undefined) {
    json = JSON.stringify(finding);
    serializedFindings.set(finding, json);
  }
  return json;
}

/** Call after mutating a finding in place so the next read re-serializes it. */
export function findingChanged(finding: WireFinding): void {
  serializedFindings.delete(finding);
}

export function findingsResponseBody(findings: readonly WireFinding[]): string {
  return `{"findings":[${findings.map(findingJson).join(",")}]}`;
}

/**
 * Finding criteria name a few members by their lower-camel spelling where the SDK's schemas give
 * the wire another: RdsLoginAttemptAction$ and Ec2Instance$ bind LoginAttributes and
 * IamInstanceProfile with no jsonName (PascalCase on the wire), KubernetesWorkloadDetails$ binds
 * HostIPC and HostPID to `hostIPC` and `hostPID`.
 */
const CRITERIA_SPELLINGS: readonly (readonly [string, string])[] = [
  [
    "service.action.rdsLoginAttemptAction.loginAttributes",
    "service.action.rdsLoginAttemptAction.LoginAttributes",
  ],
  [
    "service.detection.sequence.resources.data.ec2Instance.iamInstanceProfile",
    "service.detection.sequence.resources.data.ec2Instance.IamInstanceProfile",
  ],
  [
    "resource.kubernetesDetails.kubernetesWorkloadDetails.hostIpc",
    "resource.kubernetesDetails.kubernetesWorkloadDetails.hostIPC",
  ],
  [
    "resource.kubernetesDetails.kubernetesWorkloadDetails.hostPid",
    "resource.kubernetesDetails.kubernetesWorkloadDetails.hostPID",
  ],
];

/** The wire path of a criteria attribute: the same dotted path but for the spellings above. */
export function wirePathOfAttribute(attribute: string): string {
  for (const [documented, wire] of CRITERIA_SPELLINGS) {
    if (attribute === documented || attribute.startsWith(`${documented}.`)) {
      return wire + attribute.slice(documented.length);
    }
  }
  return attribute;
}

/** ISO-8601 with milliseconds and `Z`, the form of GuardDuty's string timestamps. */
export function isoTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

export { SandboxError };
