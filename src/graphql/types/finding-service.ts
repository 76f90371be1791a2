import type { Action } from "@aws-sdk/client-guardduty";
import { builder } from "../builder.js";
import {
  AwsApiCallAction,
  DnsRequestAction,
  FindingService,
  KubernetesApiCallAction,
  NetworkConnectionAction,
  PortProbeAction,
  RdsLoginAttemptAction,
} from "./generated/finding.js";

/**
 * The hand-written part of a finding's `service` (types/generated/finding.ts holds the rest): the
 * `action` union of the main kind, `actionType`, the affected-resources map as a list, and the
 * source-IP field the released schema named after the SDK's member.
 */

/**
 * The SDK's `Action` carries one optional sub-object per kind and no discriminator inside the
 * sub-objects, and two kinds (DNS, port probe) can look alike. So the `action` field tags the
 * sub-object it picked with its GraphQL type (on a copy: SDK results stay untouched), and the
 * union reads that tag.
 */
const ACTION_MEMBER = Symbol("FindingAction member");

/** Action kinds in the order they are tried; `actionType` names the one the service meant. */
const ACTION_KINDS = [
  { actionType: "AWS_API_CALL", member: AwsApiCallAction, pick: (a: Action) => a.AwsApiCallAction },
  { actionType: "DNS_REQUEST", member: DnsRequestAction, pick: (a: Action) => a.DnsRequestAction },
  {
    actionType: "NETWORK_CONNECTION",
    member: NetworkConnectionAction,
    pick: (a: Action) => a.NetworkConnectionAction,
  },
  { actionType: "PORT_PROBE", member: PortProbeAction, pick: (a: Action) => a.PortProbeAction },
  {
    actionType: "KUBERNETES_API_CALL",
    member: KubernetesApiCallAction,
    pick: (a: Action) => a.KubernetesApiCallAction,
  },
  {
    actionType: "RDS_LOGIN_ATTEMPT",
    member: RdsLoginAttemptAction,
    pick: (a: Action) => a.RdsLoginAttemptAction,
  },
] as const;

type ActionKind = (typeof ACTION_KINDS)[number];
type ActionDetail = NonNullable<ReturnType<ActionKind["pick"]>>;
type TaggedActionDetail = ActionDetail & { readonly [ACTION_MEMBER]: ActionKind["member"] };

/**
 * The union member for an action: the kind `actionType` names if its sub-object is present,
 * else the first present one (Kubernetes RBAC findings, for example, carry the API call next to
 * role or permission-check details, which `actionDetails` shows). Null when the action has none
 * of the union's kinds.
 */
function pickActionDetail(action: Action | undefined): TaggedActionDetail | null {
  if (!action) return null;
  const named = ACTION_KINDS.find((kind) => kind.actionType === action.ActionType);
  const ordered = named ? [named, ...ACTION_KINDS] : ACTION_KINDS;
  for (const kind of ordered) {
    const detail = kind.pick(action);
    if (detail) return { ...detail, [ACTION_MEMBER]: kind.member };
  }
  return null;
}

export const FindingAction = builder.unionType("FindingAction", {
  description:
    "What GuardDuty observed, by kind: an AWS API call, a DNS request, a network connection, a port probe, a Kubernetes API call or an RDS login attempt.",
  types: ACTION_KINDS.map((kind) => kind.member),
  // Every value of this union comes from pickActionDetail, which sets the tag.
  resolveType: (detail) => (detail as TaggedActionDetail)[ACTION_MEMBER],
});

builder.objectFields(FindingService, (t) => ({
  action: t.field({
    type: FindingAction,
    nullable: true,
    description:
      "The main observed activity; null for finding kinds without an action of these kinds. `actionDetails` has every kind GuardDuty recorded.",
    resolve: (service) => pickActionDetail(service.Action),
  }),
  actionType: t.string({
    nullable: true,
    description:
      "Kind of action, e.g. AWS_API_CALL, DNS_REQUEST, NETWORK_CONNECTION, PORT_PROBE, KUBERNETES_API_CALL, RDS_LOGIN_ATTEMPT (the same as actionDetails.actionType).",
    resolve: (service) => service.Action?.ActionType,
  }),
}));

/** One entry of the SDK's `AffectedResources` map (resource type to identifier). */
interface AffectedResource {
  type: string;
  id: string;
}

const AffectedResourceRef = builder.objectRef<AffectedResource>("AffectedResource");

AffectedResourceRef.implement({
  description: "A resource the API call acted on.",
  fields: (t) => ({
    type: t.exposeString("type", { description: "Resource type, e.g. AWS::S3::Bucket." }),
    id: t.exposeString("id", { description: "Resource identifier, e.g. a name or ARN." }),
  }),
});

builder.objectFields(AwsApiCallAction, (t) => ({
  affectedResources: t.field({
    type: [AffectedResourceRef],
    description: "Resources the call acted on, one entry per resource type.",
    resolve: (call) =>
      Object.entries(call.AffectedResources ?? {}).map(([type, id]) => ({ type, id })),
  }),
}));

builder.objectFields(KubernetesApiCallAction, (t) => ({
  sourceIps: t.stringList({
    description: "The caller's IP, then any proxies or load balancers in front of the API server.",
    deprecationReason: "Use sourceIPs, GuardDuty's name for it.",
    // GuardDuty leaves empty lists out of its JSON: absent means none.
    resolve: (call) => call.SourceIps ?? [],
  }),
}));
