/**
 * Builds wire-shaped findings (exactly what GetFindings puts in `findings[]`) for any finding type.
 * Every key is a wire name from the SDK model: `productCodeId`, `sourceIPs`, PascalCase
 * `LoginAttributes` and `IamInstanceProfile`, epoch-second numbers for Timestamp members and ISO
 * strings for the String "timestamps". Each family's builder lives in its own module.
 */

import type { FindingFamily } from "../catalog.js";
import type { Rng } from "../random.js";
import type { WireFinding, WireService } from "../store.js";
import { attackSequenceParts } from "./attack-sequence.js";
import { ec2Parts } from "./ec2.js";
import { iamParts } from "./iam.js";
import { inventoryFor } from "./inventory.js";
import { kubernetesParts } from "./kubernetes.js";
import { malwareParts } from "./malware.js";
import { lambdaParts, rdsParts } from "./rds-lambda.js";
import { runtimeParts } from "./runtime.js";
import { s3Parts } from "./s3.js";
import { sampleInventoryFor } from "./sample-inventory.js";
import type { Parts, Scene } from "./scene.js";
import { severityFor } from "./severity.js";
import { FEATURE_NAME, SOURCE_SENTENCE, titleFor } from "./text.js";
import { threatEvidence } from "./threat-intel.js";
import { resolveTypeInfo } from "./type-name.js";
import { flat, isoAt, type Json } from "./values.js";

export interface FindingContext {
  accountId: string;
  region: string;
  detectorId: string;
  type: string;
  id: string;
  /** ISO-8601 with milliseconds and `Z`. */
  createdAt: string;
  updatedAt: string;
  sample?: boolean;
}

const BUILDERS: Record<FindingFamily, (scene: Scene) => Parts> = {
  EC2: ec2Parts,
  IAM: iamParts,
  S3: s3Parts,
  Kubernetes: kubernetesParts,
  Runtime: runtimeParts,
  RDS: rdsParts,
  Lambda: lambdaParts,
  Malware: malwareParts,
  AttackSequence: attackSequenceParts,
};

/**
 * The activity GuardDuty reports inside `additionalInfo.value`, by action type: traffic counters
 * and ports of a connection, the queried domain, the probed ports, the caller's user agent.
 * Counters GuardDuty writes as text stay text; volume statistics are numbers.
 */
function addActivityInfo(scene: Scene, parts: Parts): void {
  const action = parts.action;
  if (!action) return;
  switch (action.actionType) {
    case "NETWORK_CONNECTION":
      addConnectionInfo(scene, parts, action.networkConnectionAction as Json);
      break;
    case "DNS_REQUEST": {
      const dns = action.dnsRequestAction as Json;
      parts.additional.domain = dns.domain;
      if (dns.vpcOwnerAccountId) parts.additional.vpcOwnerAccountId = dns.vpcOwnerAccountId;
      break;
    }
    case "PORT_PROBE": {
      const probe = action.portProbeAction as { portProbeDetails: Json[] };
      const ports = probe.portProbeDetails.map((detail) => (detail.localPortDetails as Json).port);
      parts.additional.portsScannedSample = ports;
      parts.additional.scannedPort = String(ports[0]);
      break;
    }
    case "AWS_API_CALL":
      addApiCallInfo(scene, parts, action.awsApiCallAction as Json);
      break;
  }
}

function addConnectionInfo(scene: Scene, parts: Parts, connection: Json): void {
  const { rng, info, ctx } = scene;
  const additional = parts.additional;
  if (info.type.includes("TrafficVolumeUnusual")) {
    const packetsIn = rng.int(1_000, 400_000);
    const packetsOut = rng.int(50_000, 4_000_000);
    const averageIn = rng.int(60, 1500);
    const averageOut = rng.int(600, 1500);
    Object.assign(additional, {
      packetsIn,
      packetsOut,
      averagePacketSizeIn: averageIn,
      averagePacketSizeOut: averageOut,
      totalBytesIn: packetsIn * averageIn,
      totalBytesOut: packetsOut * averageOut,
    });
  } else {
    additional.inBytes = String(rng.int(40, 2_000_000));
    additional.outBytes = String(rng.int(40, 20_000_000));
    additional.localPort = String((connection.localPortDetails as Json).port);
    additional.remotePort = String((connection.remotePortDetails as Json).port);
  }
  // The account that owns the elastic network interface: the finding's own, unless shared.
  if (connection.localNetworkInterface) additional.localNetworkInterfaceOwner = ctx.accountId;
}

function userAgentCategory(userAgent: string): string {
  if (userAgent === "console.amazonaws.com") return "Console";
  if (userAgent.startsWith("aws-cli/")) return "AWS CLI";
  if (userAgent.startsWith("Mozilla/")) return "Browser";
  return "SDK";
}

function addApiCallInfo(scene: Scene, parts: Parts, call: Json): void {
  const { rng, info } = scene;
  const additional = parts.additional;
  additional.recentApiCalls = [{ api: call.api, count: rng.int(1, 40) }];
  const userAgent = call.userAgent as string | undefined;
  if (userAgent) {
    additional.userAgent = {
      fullUserAgent: userAgent,
      userAgentCategory: userAgentCategory(userAgent),
    };
  }
  // S3 data events record how the request was signed.
  if (info.family === "S3") {
    additional.authenticationMethod = rng.chance(0.85) ? "AuthHeader" : "QueryString";
  }
}

export function makeFinding(rng: Rng, ctx: FindingContext): WireFinding {
  const info = resolveTypeInfo(ctx.type);
  const createdMs = Date.parse(ctx.createdAt);
  const updatedMs = Math.max(Date.parse(ctx.updatedAt), createdMs);
  const sample = ctx.sample === true;
  const scene: Scene = {
    rng,
    info,
    ctx,
    inventory: sample
      ? sampleInventoryFor(ctx.accountId, ctx.region)
      : inventoryFor(ctx.accountId, ctx.region),
    createdMs,
    updatedMs,
  };
  const parts = BUILDERS[info.family](scene);
  if (info.family !== "AttackSequence") {
    threatEvidence(scene, parts);
    addActivityInfo(scene, parts);
  }
  const title = titleFor(info, parts);
  const finding: WireFinding = {
    accountId: ctx.accountId,
    arn: flat(
      "arn:aws:guardduty:",
      ctx.region,
      ":",
      ctx.accountId,
      ":detector/",
      ctx.detectorId,
      "/finding/",
      ctx.id,
    ),
    confidence: rng.int(50, 100) / 10,
    createdAt: ctx.createdAt,
    description: flat(title, " ", SOURCE_SENTENCE[info.dataSource]),
    id: ctx.id,
    partition: "aws",
    region: ctx.region,
    resource: parts.resource,
    schemaVersion: "2.0",
    service: buildService(scene, parts, sample),
    severity: severityFor(rng, info),
    title: sample ? flat("[SAMPLE] ", title) : title,
    type: ctx.type,
    updatedAt: ctx.updatedAt,
  };
  if (parts.finding) Object.assign(finding, parts.finding);
  return finding;
}

function buildService(scene: Scene, parts: Parts, sample: boolean): WireService {
  const { rng, ctx, info, createdMs, updatedMs } = scene;
  const firstSeenMs = createdMs - rng.int(0, 45 * 60) * 1000;
  const lastSeenMs = Math.max(firstSeenMs, updatedMs - rng.int(0, 300) * 1000);
  const count = updatedMs === createdMs ? 1 : rng.chance(0.5) ? rng.int(2, 10) : rng.int(11, 400);
  if (sample) parts.additional.sample = true;
  // Assembled member by member rather than with object spreads: spreading objects of varying
  // shapes cost several microseconds per finding, a large share of building a big world.
  const service = {} as WireService;
  if (parts.action) service.action = parts.action;
  for (const key of Object.keys(parts.service)) service[key] = parts.service[key];
  service.archived = false;
  service.count = count;
  service.detectorId = ctx.detectorId;
  service.eventFirstSeen = isoAt(firstSeenMs);
  service.eventLastSeen = isoAt(lastSeenMs);
  service.resourceRole = parts.resourceRole;
  service.serviceName = "guardduty";
  service.additionalInfo = { value: JSON.stringify(parts.additional), type: "default" };
  if (rng.chance(0.7)) service.featureName = FEATURE_NAME[info.dataSource];
  return service;
}
