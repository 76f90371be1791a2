/** S3 findings: CloudTrail S3 data events and bucket policy changes. */

import type { Rng } from "../random.js";
import { addAnomaly, awsApiCallAction, pickUser, S3_API_BY_TYPE } from "./aws-api-call.js";
import { accessKeyDetails, type BucketExposure, s3BucketDetail } from "./resources.js";
import { newParts, type Parts, type Scene } from "./scene.js";

export function bucketExposure(type: string, rng: Rng): BucketExposure {
  if (/PublicAccessGranted|AnonymousAccessGranted/.test(type)) {
    return {
      publicRead: true,
      publicWrite: type.includes("Anonymous"),
      bucketBlock: false,
      accountBlock: false,
    };
  }
  if (type.includes("AccountBlockPublicAccessDisabled")) {
    return { publicRead: false, publicWrite: false, bucketBlock: false, accountBlock: false };
  }
  if (type.includes("BucketBlockPublicAccessDisabled")) {
    return {
      publicRead: false,
      publicWrite: false,
      bucketBlock: false,
      accountBlock: rng.chance(0.5),
    };
  }
  return {
    publicRead: false,
    publicWrite: false,
    bucketBlock: true,
    accountBlock: rng.chance(0.7),
  };
}

/** For bucket-policy findings, which configuration the change was made to. */
const POLICY_CONTEXT: readonly (readonly [RegExp, string])[] = [
  [/AccountBlockPublicAccessDisabled/, "Account-level S3 Block Public Access settings"],
  [/BucketBlockPublicAccessDisabled/, "Bucket-level S3 Block Public Access settings"],
  [/BucketPublicAccessGranted|BucketAnonymousAccessGranted/, "Bucket policy or bucket ACL"],
  [/ServerAccessLoggingDisabled/, "Bucket server access logging configuration"],
];

export function s3Parts(scene: Scene): Parts {
  const { rng, info, inventory } = scene;
  const user = pickUser(scene);
  const bucket = rng.pick(inventory.buckets);
  const api = rng.pick(
    S3_API_BY_TYPE.find(([pattern]) => pattern.test(info.type))?.[1] ?? ["ListObjects"],
  );
  const parts = newParts(
    {
      resourceType: "S3Bucket",
      accessKeyDetails: accessKeyDetails(user),
      s3BucketDetails: [s3BucketDetail(bucket, bucketExposure(info.type, rng))],
    },
    `S3 bucket ${bucket.name}`,
  );
  const affected = rng.chance(0.9) ? { "AWS::S3::Bucket": bucket.name } : undefined;
  const call = { api, serviceName: "s3.amazonaws.com" };
  const { action, peer, caller } = awsApiCallAction(scene, { call, user, affected });
  parts.action = action;
  parts.peer = peer;
  if (info.type.includes("AnomalousBehavior")) addAnomaly(scene, parts, call, user, caller);
  const context = POLICY_CONTEXT.find(([pattern]) => pattern.test(info.type))?.[1];
  if (context) parts.additional.context = context;
  return parts;
}
