/** IAM findings: CloudTrail management events of an access key's principal. */

import { addAnomaly, awsApiCallAction, iamApiCall, pickUser } from "./aws-api-call.js";
import type { BedrockSpec } from "./inventory.js";
import { accessKeyDetails } from "./resources.js";
import { newParts, type Parts, type Scene } from "./scene.js";
import type { Json } from "./values.js";

/** Managed policies attackers attach to escalate, as `additionalInfo` names them. */
const ESCALATION_POLICIES = ["AdministratorAccess", "IAMFullAccess", "PowerUserAccess"];
const POLICY_APIS = new Set(["AttachUserPolicy", "AttachRolePolicy", "PutRolePolicy"]);
/** Turning off invocation logging names no model or guardrail. */
const LOGGING_API = "DeleteModelInvocationLoggingConfiguration";

export function iamParts(scene: Scene): Parts {
  const { rng, info, inventory } = scene;
  const user = pickUser(scene);
  const call = iamApiCall(rng, info.type);
  const parts = newParts(
    { resourceType: "AccessKey", accessKeyDetails: accessKeyDetails(user) },
    `${user.userType} ${user.userName}`,
  );
  const { action, peer, caller } = awsApiCallAction(scene, { call, user });
  parts.action = action;
  parts.peer = peer;
  if (info.type.includes("AnomalousBehavior")) addAnomaly(scene, parts, call, user, caller);
  if (POLICY_APIS.has(call.api)) {
    const policyName = rng.pick(ESCALATION_POLICIES);
    parts.additional.policyName = policyName;
    parts.additional.policyArn = `arn:aws:iam::aws:policy/${policyName}`;
  }
  if (call.serviceName === "bedrock.amazonaws.com" && call.api !== LOGGING_API) {
    Object.assign(parts.resource, bedrockInvocation(scene, inventory.bedrock));
  }
  return parts;
}

/**
 * The AI resources of a model invocation: the model, and the account's guardrail, which GuardDuty
 * reports with what it did to the prompt.
 */
function bedrockInvocation(scene: Scene, bedrock: BedrockSpec): Json {
  const { rng } = scene;
  const intervened = rng.chance(0.6);
  return {
    modelDetails: [{ modelId: rng.pick(bedrock.modelIds) }],
    bedrockGuardrailDetails: {
      // Deprecated in the model in favour of `guardrails`, still filled in by the service.
      guardrailArn: bedrock.guardrailArn,
      guardrailVersion: bedrock.guardrailVersion,
      guardrails: [{ arn: bedrock.guardrailArn, version: bedrock.guardrailVersion }],
      guardrailAction: intervened ? "GUARDRAIL_INTERVENED" : "NONE",
      guardrailSource: rng.pick(["INPUT", "OUTPUT"]),
      contentPolicyFilters: [
        {
          type: rng.pick(["PROMPT_ATTACK", "MISCONDUCT", "VIOLENCE"]),
          confidence: intervened ? "HIGH" : rng.pick(["LOW", "MEDIUM"]),
          action: intervened ? "BLOCKED" : "NONE",
        },
      ],
    },
  };
}
