/**
 * Attack sequences (Extended Threat Detection): one Critical finding that correlates signals
 * across the resources of a compromise. `service.detection.sequence` names the actors, the
 * resources in their ResourceV2 form (`resources[].data`), the network endpoints, the signals and
 * the indicators. A sequence is built with the activity signals GuardDuty saw in its data sources;
 * attack-sequence-links.ts then adds the world's own findings as FINDING signals.
 */

import {
  ecsResources,
  guardrailResource,
  instanceGroupResources,
  kubernetesResources,
  resourcesOf,
} from "./attack-sequence-resources.js";
import { ec2Parts } from "./ec2.js";
import { iamParts } from "./iam.js";
import { type InstanceSpec, ROLE_NAMES, type UserSpec } from "./inventory.js";
import { kubernetesParts } from "./kubernetes.js";
import { type Remote, remote } from "./remote.js";
import { ecsClusterDetails, instanceDetails } from "./resources.js";
import { s3Parts } from "./s3.js";
import { newParts, type Parts, type Scene } from "./scene.js";
import { type SequenceKind, sequenceKind } from "./type-name.js";
import { epochSeconds, HOUR, hexId, type Json, MINUTE } from "./values.js";

interface SequenceBase {
  parts: Parts;
  resources: Json[];
  /** The process the compromise ran as, for sequences seen by the runtime agent. */
  process?: Json | undefined;
}

const MINERS = [
  { name: "xmrig", path: "/tmp/.cache/xmrig" },
  { name: "kdevtmpfsi", path: "/tmp/kdevtmpfsi" },
];

function processActor(scene: Scene): Json {
  const miner = scene.rng.pick(MINERS);
  return { name: miner.name, path: miner.path, sha256: hexId(scene.rng, 64) };
}

function sequenceBase(scene: Scene, kind: SequenceKind): SequenceBase {
  const { rng, inventory, ctx, createdMs, info } = scene;
  const place = { accountId: ctx.accountId, region: ctx.region };
  const as = (type: string): Scene => ({ ...scene, info: { ...info, type } });
  switch (kind) {
    case "EC2": {
      const group = rng.pick(inventory.instanceGroups);
      const parts = ec2Parts(as("Backdoor:EC2/C&CActivity.B"));
      const first = group.instances[0] as InstanceSpec;
      parts.resource = {
        resourceType: "Instance",
        instanceDetails: instanceDetails(first, ctx.region, ctx.accountId),
      };
      parts.subject = `EC2 instance ${first.instanceId}`;
      const resources = instanceGroupResources(place, group, group.instances, (spec) =>
        instanceDetails(spec, ctx.region, ctx.accountId),
      );
      return { parts, resources, process: processActor(scene) };
    }
    case "S3": {
      const parts = s3Parts(as("Exfiltration:S3/AnomalousBehavior"));
      const bucket = (parts.resource.s3BucketDetails as Json[])[0] as Json;
      // The objects the sequence read: a copy, since the bucket's shared details are frozen.
      const withObjects: Json = {
        ...bucket,
        s3ObjectDetails: [0, 1].map(() => {
          const key = `exports/${hexId(rng, 8)}.csv.gz`;
          return {
            objectArn: `${bucket.arn}/${key}`,
            key,
            eTag: hexId(rng, 32),
            versionId: hexId(rng, 32),
          };
        }),
      };
      return {
        parts,
        resources: resourcesOf(place, { ...parts.resource, s3BucketDetails: [withObjects] }),
      };
    }
    case "EKS": {
      const parts = kubernetesParts(as("Execution:Kubernetes/ExecInKubeSystemPod"));
      return {
        parts,
        resources: kubernetesResources(scene, place, parts),
        process: processActor(scene),
      };
    }
    case "ECS": {
      const cluster = rng.pick(inventory.ecsClusters);
      const details = ecsClusterDetails(rng, cluster, createdMs);
      const parts = newParts(
        { resourceType: "ECSCluster", ecsClusterDetails: details },
        `ECS cluster ${cluster.name}`,
      );
      return {
        parts,
        resources: ecsResources(scene, place, details),
        process: processActor(scene),
      };
    }
    case "IAM": {
      const parts = iamParts(as("Persistence:IAMUser/AnomalousBehavior"));
      const resources = resourcesOf(place, parts.resource);
      // Credentials spent on model invocations: the guardrail that saw the prompts.
      resources.push(guardrailResource(scene, place, inventory.bedrock));
      return { parts, resources };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Actors, endpoints, activity signals, indicators

function userActor(scene: Scene, id: string, user: UserSpec): Json {
  const { rng, ctx, createdMs } = scene;
  return {
    id,
    user: {
      name: user.userName,
      uid: user.principalId,
      type: user.userType,
      credentialUid: user.accessKeyId,
      account: { uid: ctx.accountId, account: "production" },
    },
    session: {
      uid: hexId(rng, 16),
      mfaStatus: rng.pick(["ENABLED", "DISABLED"]),
      createdTime: epochSeconds(createdMs - rng.int(1, 48) * HOUR),
      issuer: `arn:aws:iam::${ctx.accountId}:role/${rng.pick(ROLE_NAMES)}`,
    },
  };
}

function ipEndpoint(id: string, peer: Remote, port: number): Json {
  return {
    id,
    ip: peer.ip,
    port,
    location: {
      city: peer.geo.city,
      country: peer.geo.countryName,
      lat: peer.geo.lat,
      lon: peer.geo.lon,
    },
    autonomousSystem: { name: peer.geo.asnOrg, number: Number(peer.geo.asn) },
    connection: { direction: "INBOUND" },
  };
}

/** The data source each kind's activity signal comes from, and the API calls it recorded. */
const ACTIVITY: Record<
  SequenceKind,
  { type: string; name: string; calls: readonly (readonly [string, string])[] }
> = {
  IAM: {
    type: "CLOUD_TRAIL",
    name: "Credential use from an unusual network",
    calls: [
      ["CreateAccessKey", "iam.amazonaws.com"],
      ["StopLogging", "cloudtrail.amazonaws.com"],
    ],
  },
  S3: {
    type: "S3_DATA_EVENTS",
    name: "Bulk object reads",
    calls: [
      ["GetObject", "s3.amazonaws.com"],
      ["DeleteObjects", "s3.amazonaws.com"],
    ],
  },
  EKS: {
    type: "EKS_AUDIT_LOGS",
    name: "Exec into a kube-system pod",
    calls: [
      ["create pods/exec", "eks.amazonaws.com"],
      ["list secrets", "eks.amazonaws.com"],
    ],
  },
  EC2: {
    type: "CLOUD_TRAIL",
    name: "Instance credentials used outside the instance",
    calls: [
      ["DescribeInstances", "ec2.amazonaws.com"],
      ["GetCallerIdentity", "sts.amazonaws.com"],
    ],
  },
  ECS: {
    type: "RUNTIME_MONITORING",
    name: "Cryptocurrency miner started in a task",
    calls: [],
  },
};

const USER_AGENTS = ["aws-cli/2.15.30 Python/3.11.8 Linux/6.6.9-amd64", "Boto3/1.34.69"];

function activitySignal(
  scene: Scene,
  kind: SequenceKind,
  refs: { resourceUids: string[]; actorIds: string[]; endpointIds: string[]; peer: Remote },
): Json {
  const { rng, createdMs } = scene;
  const activity = ACTIVITY[kind];
  const firstSeen = createdMs - rng.int(1, 6) * HOUR;
  const lastSeen = firstSeen + rng.int(5, 90) * MINUTE;
  const signal: Json = {
    uid: hexId(rng, 32),
    type: activity.type,
    name: activity.name,
    description: `${activity.name} observed in ${activity.type} as part of this sequence.`,
    createdAt: epochSeconds(firstSeen),
    updatedAt: epochSeconds(lastSeen),
    firstSeenAt: epochSeconds(firstSeen),
    lastSeenAt: epochSeconds(lastSeen),
    count: rng.int(1, 40),
    severity: 5,
    resourceUids: refs.resourceUids,
    actorIds: refs.actorIds,
    endpointIds: refs.endpointIds,
    signalIndicators: [
      {
        key: refs.peer.geo.asnOrg.includes("Amazon") ? "UNUSUAL_ASN_FOR_USER" : "MALICIOUS_IP",
        values: [refs.peer.ip],
        title: "Source address",
      },
    ],
  };
  if (activity.calls.length > 0) {
    const userAgent = rng.pick(USER_AGENTS);
    signal.activities = activity.calls.map(([operation, service], index) => {
      const api: Json = { operation, service, userAgent };
      // The first attempt is often refused before the caller finds what it may do.
      if (index === 0 && rng.chance(0.5)) api.error = "AccessDenied";
      return { type: "API_CALL", api };
    });
  }
  return signal;
}

const SEQUENCE_INDICATORS: Record<SequenceKind, readonly Json[]> = {
  IAM: [
    {
      key: "ATTACK_TACTIC",
      values: ["Discovery", "Persistence", "DefenseEvasion"],
      title: "Attack tactics",
    },
    { key: "HIGH_RISK_API", values: ["CreateAccessKey", "StopLogging"], title: "High-risk APIs" },
  ],
  S3: [
    {
      key: "ATTACK_TACTIC",
      values: ["Discovery", "Exfiltration", "Impact"],
      title: "Attack tactics",
    },
    { key: "SENSITIVE_DATA", values: ["exports/"], title: "Sensitive data accessed" },
  ],
  EKS: [
    {
      key: "ATTACK_TACTIC",
      values: ["Execution", "PrivilegeEscalation", "Impact"],
      title: "Attack tactics",
    },
    { key: "CRYPTOMINING_PROCESS", values: ["xmrig"], title: "Cryptomining process" },
  ],
  EC2: [
    {
      key: "ATTACK_TACTIC",
      values: ["CommandAndControl", "CredentialAccess", "Impact"],
      title: "Attack tactics",
    },
    { key: "CRYPTOMINING_DOMAIN", values: ["pool.minexmr.example"], title: "Cryptomining domain" },
  ],
  ECS: [
    { key: "ATTACK_TACTIC", values: ["Execution", "Impact"], title: "Attack tactics" },
    { key: "CRYPTOMINING_IP", values: ["203.0.113.77"], title: "Cryptomining address" },
  ],
};

/** Sequences of one kind often imply another (stolen instance credentials, then S3 reads). */
const ADDITIONAL_TYPES: Partial<Record<SequenceKind, string>> = {
  EC2: "AttackSequence:IAM/CompromisedCredentials",
  IAM: "AttackSequence:S3/CompromisedData",
  EKS: "AttackSequence:EC2/CompromisedInstanceGroup",
};

export function attackSequenceParts(scene: Scene): Parts {
  const { rng, info, inventory } = scene;
  const kind = sequenceKind(info.type);
  const { parts, resources, process } = sequenceBase(scene, kind);
  const peer = remote(scene);
  const endpointId = `endpoint-${hexId(rng, 8)}`;
  const actorId = `actor-${hexId(rng, 8)}`;
  const actor: Json = process
    ? { id: actorId, process }
    : userActor(scene, actorId, rng.pick(inventory.users));
  const endpoints = [ipEndpoint(endpointId, peer, rng.pick([22, 443, 6443]))];
  if (process) {
    // Runtime sequences also name the mining pool the process connected to.
    endpoints.push({
      id: `endpoint-${hexId(rng, 8)}`,
      domain: "pool.minexmr.example",
      port: 3333,
      connection: { direction: "OUTBOUND" },
    });
  }
  const resourceUids = resources.map((resource) => resource.uid as string);
  const signal = activitySignal(scene, kind, {
    resourceUids: resourceUids.slice(0, 1),
    actorIds: [actorId],
    endpointIds: [endpointId],
    peer,
  });
  const sequence: Json = {
    uid: hexId(rng, 32),
    description: `A sequence of related signals indicates ${kind} resources were compromised.`,
    actors: [actor],
    resources,
    endpoints,
    signals: [signal],
    sequenceIndicators: SEQUENCE_INDICATORS[kind].map((indicator) => ({
      ...indicator,
      values: [...(indicator.values as string[])],
    })),
  };
  const additional = ADDITIONAL_TYPES[kind];
  if (additional && rng.chance(0.5)) sequence.additionalSequenceTypes = [additional];
  parts.service.detection = { sequence };
  // The sequence replaces the single-signal view: no action and no signal-level extras.
  delete parts.action;
  parts.resourceRole = "TARGET";
  parts.additional = {};
  return parts;
}
