/** IAM findings: CloudTrail management events of an access key's principal. */

import { anomalyInfo, awsApiCallAction, iamApiCall, pickUser } from "./aws-api-call.js";
import { accessKeyDetails } from "./resources.js";
import { newParts, type Parts, type Scene } from "./scene.js";

export function iamParts(scene: Scene): Parts {
  const user = pickUser(scene);
  const call = iamApiCall(scene.rng, scene.info.type);
  const parts = newParts(
    { resourceType: "AccessKey", accessKeyDetails: accessKeyDetails(user) },
    `${user.userType} ${user.userName}`,
  );
  const { action, peer } = awsApiCallAction(scene, { call, user });
  parts.action = action;
  parts.peer = peer;
  if (scene.info.type.includes("AnomalousBehavior"))
    parts.additional = anomalyInfo(scene, call, user);
  return parts;
}
