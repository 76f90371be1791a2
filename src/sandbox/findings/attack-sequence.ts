/** Attack sequences (Extended Threat Detection): correlated signals on one resource. */

import { findingTypeInfo } from "../catalog.js";
import { ec2Parts } from "./ec2.js";
import { iamParts } from "./iam.js";
import { ROLE_NAMES } from "./inventory.js";
import { kubernetesParts } from "./kubernetes.js";
import { remote } from "./remote.js";
import { container, copyTags, ecsClusterDetails } from "./resources.js";
import { s3Parts } from "./s3.js";
import { newParts, type Parts, type Scene } from "./scene.js";
import { awsId, epochSeconds, HOUR, hexId, type Json, MINUTE, type Tag } from "./values.js";

const SEQUENCE_SIGNALS: Record<string, readonly string[]> = {
  EC2: [
    "Backdoor:EC2/C&CActivity.B",
    "CryptoCurrency:EC2/BitcoinTool.B",
    "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS",
  ],
  ECS: [
    "Execution:Runtime/NewBinaryExecuted",
    "Impact:Runtime/CryptoMinerExecuted",
    "CryptoCurrency:Runtime/BitcoinTool.B",
  ],
  EKS: [
    "Execution:Kubernetes/ExecInKubeSystemPod",
    "PrivilegeEscalation:Kubernetes/PrivilegedContainer",
    "Impact:Runtime/CryptoMinerExecuted",
  ],
  IAM: [
    "Discovery:IAMUser/AnomalousBehavior",
    "Persistence:IAMUser/AnomalousBehavior",
    "DefenseEvasion:IAMUser/AnomalousBehavior",
  ],
  S3: [
    "Discovery:S3/AnomalousBehavior",
    "Exfiltration:S3/AnomalousBehavior",
    "Impact:S3/AnomalousBehavior.Delete",
  ],
};

/** The sequence's resource in ResourceV2 form (`resources[].data`). */
function sequenceResource(scene: Scene, parts: Parts): Json {
  const { ctx, rng } = scene;
  const base = { accountId: ctx.accountId, region: ctx.region, cloudPartition: "aws" };
  const res = parts.resource;
  if (res.instanceDetails) {
    const details = res.instanceDetails as Json;
    const profile = details.iamInstanceProfile as Json;
    return {
      uid: details.instanceId,
      resourceType: "EC2_INSTANCE",
      name: details.instanceId,
      service: "EC2",
      ...base,
      tags: copyTags(details.tags as Tag[]),
      data: {
        ec2Instance: {
          availabilityZone: details.availabilityZone,
          imageDescription: details.imageDescription,
          instanceState: details.instanceState,
          // The SDK's Ec2Instance$ schema gives IamInstanceProfile no jsonName: PascalCase on the wire.
          IamInstanceProfile: { arn: profile.arn, id: profile.id },
          instanceType: details.instanceType,
          ec2NetworkInterfaceUids: [awsId(rng, "eni")],
        },
      },
    };
  }
  if (res.s3BucketDetails) {
    const bucket = (res.s3BucketDetails as Json[])[0] ?? {};
    return {
      uid: bucket.arn,
      resourceType: "S3_BUCKET",
      name: bucket.name,
      service: "S3",
      ...base,
      data: {
        s3Bucket: {
          ownerId: (bucket.owner as Json | undefined)?.id,
          createdAt: bucket.createdAt,
          effectivePermission: "NOT_PUBLIC",
          publicReadAccess: "BLOCKED",
          publicWriteAccess: "BLOCKED",
        },
      },
    };
  }
  if (res.eksClusterDetails) {
    const cluster = res.eksClusterDetails as Json;
    return {
      uid: cluster.arn,
      resourceType: "EKS_CLUSTER",
      name: cluster.name,
      service: "EKS",
      ...base,
      data: {
        eksCluster: {
          arn: cluster.arn,
          createdAt: cluster.createdAt,
          status: "ACTIVE",
          vpcId: cluster.vpcId,
        },
      },
    };
  }
  if (res.ecsClusterDetails) {
    const cluster = res.ecsClusterDetails as Json;
    return {
      uid: cluster.arn,
      resourceType: "ECS_CLUSTER",
      name: cluster.name,
      service: "ECS",
      ...base,
      data: { ecsCluster: { status: "ACTIVE", ec2InstanceUids: [] } },
    };
  }
  const key = res.accessKeyDetails as Json;
  return {
    uid: key.accessKeyId,
    resourceType: "ACCESS_KEY",
    name: key.accessKeyId,
    service: "IAM",
    ...base,
    data: {
      accessKey: { principalId: key.principalId, userName: key.userName, userType: key.userType },
    },
  };
}

function sequenceBaseParts(scene: Scene): Parts {
  const affected = scene.info.type.slice(
    scene.info.type.indexOf(":") + 1,
    scene.info.type.indexOf("/"),
  );
  if (affected === "EC2")
    return ec2Parts({ ...scene, info: { ...scene.info, type: "Backdoor:EC2/C&CActivity.B" } });
  if (affected === "S3")
    return s3Parts({
      ...scene,
      info: { ...scene.info, type: "Exfiltration:S3/AnomalousBehavior" },
    });
  if (affected === "EKS")
    return kubernetesParts({
      ...scene,
      info: { ...scene.info, type: "Execution:Kubernetes/ExecInKubeSystemPod" },
    });
  if (affected === "ECS") {
    const { rng, inventory, createdMs } = scene;
    const cluster = rng.pick(inventory.ecsClusters);
    return newParts(
      {
        resourceType: "ECSCluster",
        ecsClusterDetails: ecsClusterDetails(
          rng,
          cluster,
          createdMs,
          container(rng, { privileged: false }),
        ),
      },
      `ECS cluster ${cluster.name}`,
    );
  }
  return iamParts({
    ...scene,
    info: { ...scene.info, type: "Persistence:IAMUser/AnomalousBehavior" },
  });
}

export function attackSequenceParts(scene: Scene): Parts {
  const { rng, info, ctx, createdMs } = scene;
  const parts = sequenceBaseParts(scene);
  const affected = info.type.slice(info.type.indexOf(":") + 1, info.type.indexOf("/"));
  const resource = sequenceResource(scene, parts);
  const peer = remote(scene);
  const endpointId = `endpoint-${hexId(rng, 8)}`;
  const actorId = `actor-${hexId(rng, 8)}`;
  const user = rng.pick(scene.inventory.users);
  const signalTypes = SEQUENCE_SIGNALS[affected] ?? SEQUENCE_SIGNALS.IAM ?? [];
  const signals = signalTypes.map((signalType, index) => {
    const firstSeen = createdMs - (signalTypes.length - index) * rng.int(1, 6) * HOUR;
    return {
      uid: `arn:aws:guardduty:${ctx.region}:${ctx.accountId}:detector/${ctx.detectorId}/finding/${hexId(rng, 32)}`,
      type: "FINDING",
      name: signalType,
      description: `GuardDuty finding ${signalType} contributed to this sequence.`,
      createdAt: epochSeconds(firstSeen),
      updatedAt: epochSeconds(firstSeen + 10 * MINUTE),
      firstSeenAt: epochSeconds(firstSeen),
      lastSeenAt: epochSeconds(firstSeen + 10 * MINUTE),
      count: rng.int(1, 12),
      severity: findingTypeInfo(signalType)?.defaultBand === "High" ? 8 : 5,
      resourceUids: [String(resource.uid)],
      actorIds: [actorId],
      endpointIds: [endpointId],
      signalIndicators: [{ key: "MALICIOUS_IP", values: [peer.ip], title: "Malicious IP" }],
    };
  });
  parts.service.detection = {
    sequence: {
      uid: hexId(rng, 32),
      description: `A sequence of ${signals.length} related signals indicates ${affected} resources were compromised.`,
      actors: [
        {
          id: actorId,
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
        },
      ],
      resources: [resource],
      endpoints: [
        {
          id: endpointId,
          ip: peer.ip,
          location: {
            city: peer.geo.city,
            country: peer.geo.countryName,
            lat: peer.geo.lat,
            lon: peer.geo.lon,
          },
          autonomousSystem: { name: peer.geo.asnOrg, number: Number(peer.geo.asn) },
          connection: { direction: "INBOUND" },
        },
      ],
      signals,
      sequenceIndicators: [
        {
          key: "ATTACK_TACTIC",
          values: ["Discovery", "Persistence", "Impact"],
          title: "Attack tactics",
        },
        {
          key: "HIGH_RISK_API",
          values: ["CreateAccessKey", "DeleteTrail"],
          title: "High-risk APIs",
        },
      ],
    },
  };
  // The sequence replaces the single-signal view: no action and no signal-level extras.
  delete parts.action;
  parts.resourceRole = "TARGET";
  parts.additional = {};
  return parts;
}
