import { type Detector, detectorsOf } from "../store.js";
import { MAX_RESULTS, maxResults, optionalToken } from "../validate.js";
import { type OperationContext, ownedDetector, pageScope } from "./context.js";

export function listDetectors(context: OperationContext) {
  const page = context.pager.page(
    pageScope(context, "ListDetectors"),
    optionalToken(context.query.get("nextToken")),
    maxResults(context.query.get("maxResults") ?? undefined, MAX_RESULTS, MAX_RESULTS),
    () =>
      detectorsOf(context.world, context.caller.accountId, context.region).map(
        (detector) => detector.detectorId,
      ),
  );
  return { detectorIds: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
}

export function getDetector(context: OperationContext) {
  return detectorOutput(ownedDetector(context));
}

/** DataSources is deprecated in the model but still returned, derived from the features. */
function dataSources(detector: Detector) {
  const status = (name: string) =>
    detector.features.find((feature) => feature.name === name)?.status ?? "DISABLED";
  return {
    cloudTrail: { status: status("CLOUD_TRAIL") },
    dnsLogs: { status: status("DNS_LOGS") },
    flowLogs: { status: status("FLOW_LOGS") },
    s3Logs: { status: status("S3_DATA_EVENTS") },
    kubernetes: { auditLogs: { status: status("EKS_AUDIT_LOGS") } },
    malwareProtection: {
      scanEc2InstanceWithFindings: { ebsVolumes: { status: status("EBS_MALWARE_PROTECTION") } },
      serviceRole: `arn:aws:iam::${detector.accountId}:role/aws-service-role/malware-protection.guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDutyMalwareProtection`,
    },
  };
}

function detectorOutput(detector: Detector) {
  return {
    createdAt: detector.createdAt,
    findingPublishingFrequency: detector.findingPublishingFrequency,
    serviceRole: detector.serviceRole,
    status: detector.status,
    updatedAt: detector.updatedAt,
    dataSources: dataSources(detector),
    tags: detector.tags,
    features: detector.features,
  };
}
