import { type FindingTypeParts, parseFindingType } from "../../aws/finding-type.js";
import { builder } from "../builder.js";
import { Finding } from "./finding.js";

const FindingTypeInfo = builder.objectRef<FindingTypeParts>("FindingTypeInfo");

FindingTypeInfo.implement({
  description:
    "A finding type's parts: ThreatPurpose:ResourceTypeAffected/ThreatFamilyName.DetectionMechanism!Artifact.",
  fields: (t) => ({
    threatPurpose: t.exposeString("threatPurpose", {
      description: "The primary purpose of the threat or stage of an attack, e.g. Backdoor, Recon.",
    }),
    resourceTypeAffected: t.exposeString("resourceTypeAffected", {
      description: "The kind of resource affected, e.g. EC2, IAMUser, S3, Kubernetes, Runtime.",
    }),
    threatFamilyName: t.exposeString("threatFamilyName", {
      description: "The threat or activity detected, e.g. C&CActivity, PortProbeUnprotectedPort.",
    }),
    detectionMechanism: t.exposeString("detectionMechanism", {
      nullable: true,
      description:
        "How GuardDuty detected it, e.g. B, Custom (a threat list of yours), Reputation; null when the type has none.",
    }),
    artifact: t.exposeString("artifact", {
      nullable: true,
      description:
        "The resource the malicious tool owned, e.g. DNS (seen in DNS logs), Snapshot; null when the type has none.",
    }),
  }),
});

builder.objectFields(Finding, (t) => ({
  typeInfo: t.field({
    type: FindingTypeInfo,
    nullable: true,
    description:
      "The parts of `type`; null when the finding has no type or one outside GuardDuty's naming format.",
    resolve: (f) => (f.data.Type ? parseFindingType(f.data.Type) : undefined),
  }),
}));
