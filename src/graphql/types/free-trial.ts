import { z } from "zod";
import { accountAllowed, accountRefused, loadAllowed } from "../../auth/restrictions.js";
import { MEMBERS_READ } from "../../auth/scopes.js";
import { ACCOUNT_ID, accountKey, parseAccountKey } from "../../aws/keys.js";
import { FREE_TRIAL_MAX_IDS, type FreeTrialRecord, getFreeTrialBatch } from "../../aws/members.js";
import { builder } from "../builder.js";
import { listLength, upstream } from "../upstream-cost.js";
import { Detector } from "./detector.js";
import { FreeTrialDataSources, freeTrialModelFields } from "./generated/account.js";

/**
 * Remaining free-trial days per account, read through a detector (an administrator may ask
 * for its members). Batched into GetRemainingFreeTrialDays calls of at most 50 accounts.
 */
export const AccountFreeTrial = builder.loadableObjectRef<FreeTrialRecord | Error, string>(
  "AccountFreeTrial",
  {
    // Accounts the caller may not see are refused per item, before any call.
    load: (keys, context) =>
      loadAllowed(
        keys.map(parseAccountKey),
        (key) => accountAllowed(context.caller, key.accountId),
        (key) => accountRefused(key.accountId),
        (allowed) => getFreeTrialBatch(context.upstream, allowed),
      ),
    toKey: (record) => accountKey(record.key),
    cacheResolved: true,
  },
);

/** Days left per data source, as the released schema flattened them (one number each). */
builder.objectFields(FreeTrialDataSources, (t) => ({
  cloudTrail: t.int({
    nullable: true,
    description: "CloudTrail events.",
    resolve: (d) => d.CloudTrail?.FreeTrialDaysRemaining,
  }),
  dnsLogs: t.int({
    nullable: true,
    description: "DNS logs.",
    resolve: (d) => d.DnsLogs?.FreeTrialDaysRemaining,
  }),
  flowLogs: t.int({
    nullable: true,
    description: "VPC flow logs.",
    resolve: (d) => d.FlowLogs?.FreeTrialDaysRemaining,
  }),
  s3Logs: t.int({
    nullable: true,
    description: "S3 data events.",
    resolve: (d) => d.S3Logs?.FreeTrialDaysRemaining,
  }),
  kubernetesAuditLogs: t.int({
    nullable: true,
    description: "EKS audit logs.",
    resolve: (d) => d.Kubernetes?.AuditLogs?.FreeTrialDaysRemaining,
  }),
  malwareProtection: t.int({
    nullable: true,
    description: "Malware scans of EC2 instances with findings.",
    resolve: (d) => d.MalwareProtection?.ScanEc2InstanceWithFindings?.FreeTrialDaysRemaining,
  }),
}));

AccountFreeTrial.implement({
  description: "Free-trial days an account has left, per data source and per feature.",
  fields: (t) => ({
    // GuardDuty's AccountFreeTrialInfo (types/generated/account.ts), and the key's account.
    ...freeTrialModelFields(t),
    accountId: t.string({ resolve: (r) => r.key.accountId }),
    region: t.string({
      description: "The region of the detector that answered.",
      resolve: (r) => r.key.region,
    }),
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
    authScopes: MEMBERS_READ,
    listSize: { assumedSize: FREE_TRIAL_MAX_IDS },
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
