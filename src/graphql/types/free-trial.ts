import type {
  AccountFreeTrialInfo,
  FreeTrialFeatureConfigurationResult,
} from "@aws-sdk/client-guardduty";
import { z } from "zod";
import { ACCOUNT_ID, accountKey, parseAccountKey } from "../../aws/keys.js";
import { FREE_TRIAL_MAX_IDS, type FreeTrialRecord, getFreeTrialBatch } from "../../aws/members.js";
import { builder } from "../builder.js";
import { listLength, upstream } from "../upstream-cost.js";
import { Detector } from "./detector.js";
import { objectList, optionalInt, optionalString } from "./expose.js";

/**
 * Remaining free-trial days per account, read through a detector (an administrator may ask
 * for its members). Batched into GetRemainingFreeTrialDays calls of at most 50 accounts.
 */
export const AccountFreeTrial = builder.loadableObjectRef<FreeTrialRecord | Error, string>(
  "AccountFreeTrial",
  {
    load: (keys, context) => getFreeTrialBatch(context.upstream, keys.map(parseAccountKey)),
    toKey: (record) => accountKey(record.key),
    cacheResolved: true,
  },
);

type DataSources = NonNullable<AccountFreeTrialInfo["DataSources"]>;

const FreeTrialDataSources = builder.objectRef<DataSources>("FreeTrialDataSources");
FreeTrialDataSources.implement({
  description: "Days left per data source (GuardDuty's older view; `features` is the current one).",
  fields: (t) => ({
    cloudTrail: optionalInt(t, "CloudTrail events.", (d) => d.CloudTrail?.FreeTrialDaysRemaining),
    dnsLogs: optionalInt(t, "DNS logs.", (d) => d.DnsLogs?.FreeTrialDaysRemaining),
    flowLogs: optionalInt(t, "VPC flow logs.", (d) => d.FlowLogs?.FreeTrialDaysRemaining),
    s3Logs: optionalInt(t, "S3 data events.", (d) => d.S3Logs?.FreeTrialDaysRemaining),
    kubernetesAuditLogs: optionalInt(
      t,
      "EKS audit logs.",
      (d) => d.Kubernetes?.AuditLogs?.FreeTrialDaysRemaining,
    ),
    malwareProtection: optionalInt(
      t,
      "Malware scans of EC2 instances with findings.",
      (d) => d.MalwareProtection?.ScanEc2InstanceWithFindings?.FreeTrialDaysRemaining,
    ),
  }),
});

const FreeTrialFeature = builder.objectRef<FreeTrialFeatureConfigurationResult>("FreeTrialFeature");
FreeTrialFeature.implement({
  fields: (t) => ({
    name: optionalString(t, "Feature name, e.g. EKS_RUNTIME_MONITORING.", (f) => f.Name),
    freeTrialDaysRemaining: optionalInt(
      t,
      "Days left in the free trial.",
      (f) => f.FreeTrialDaysRemaining,
    ),
  }),
});

AccountFreeTrial.implement({
  description: "Free-trial days an account has left, per data source and per feature.",
  fields: (t) => ({
    accountId: t.string({ resolve: (r) => r.key.accountId }),
    dataSources: t.field({
      type: FreeTrialDataSources,
      nullable: true,
      resolve: (r) => r.data.DataSources,
    }),
    features: objectList(t, FreeTrialFeature, "Days left per feature.", (r) => r.data.Features),
  }),
});

const accountIdsArg = z
  .array(z.string().regex(ACCOUNT_ID, "must be a 12-digit account id"))
  .min(1)
  .max(FREE_TRIAL_MAX_IDS);

builder.objectFields(Detector, (t) => ({
  freeTrial: t.field({
    type: [AccountFreeTrial],
    nullable: { list: false, items: true },
    description:
      "Free-trial days for these accounts (this account and, for an administrator, its members). An account GuardDuty cannot answer for is a null item with a NOT_FOUND error.",
    args: {
      accountIds: t.arg.stringList({
        required: true,
        validate: accountIdsArg,
        description: `1 to ${FREE_TRIAL_MAX_IDS} account ids.`,
      }),
    },
    extensions: upstream({
      bounds: { accountIds: FREE_TRIAL_MAX_IDS },
      cost: ({ args }) => {
        const accounts = listLength(args.accountIds);
        return {
          lookups: [{ operation: "GetRemainingFreeTrialDays", keys: accounts }],
          items: accounts,
        };
      },
    }),
    resolve: (detector, args) =>
      args.accountIds.map((accountId) =>
        accountKey({ region: detector.region, detectorId: detector.detectorId, accountId }),
      ),
  }),
}));
