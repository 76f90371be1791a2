/**
 * One line per operation: method + URI template from the GuardDuty model (guardduty-wire.md
 * §3.1) -> handler. Path labels are matched per segment and percent-decoded.
 */
import {
  acceptAdministratorInvitation,
  acceptMasterInvitation,
  disassociateFromAdministratorAccount,
  getAdministratorAccount,
  getMasterAccount,
  listInvitations,
} from "./operations/administrator.js";
import type { OperationHandler } from "./operations/context.js";
import { getDetector, listDetectors } from "./operations/detectors.js";
import {
  archiveFindings,
  createSampleFindings,
  getFindings,
  getFindingsStatistics,
  listFindings,
  unarchiveFindings,
  updateFindingsFeedback,
} from "./operations/findings.js";
import { getRemainingFreeTrialDays } from "./operations/free-trial.js";
import { getMembers, listMembers } from "./operations/members.js";

export interface Route {
  method: "GET" | "POST";
  template: string;
  operation: string;
  handler: OperationHandler;
  /** The body list whose length the call log records as itemCount. */
  listMember?: "findingIds" | "accountIds" | "findingTypes";
}

export const ROUTES: readonly Route[] = [
  { method: "GET", template: "/detector", operation: "ListDetectors", handler: listDetectors },
  {
    method: "GET",
    template: "/detector/{DetectorId}",
    operation: "GetDetector",
    handler: getDetector,
  },
  {
    method: "POST",
    template: "/detector/{DetectorId}/findings",
    operation: "ListFindings",
    handler: listFindings,
  },
  {
    method: "POST",
    template: "/detector/{DetectorId}/findings/get",
    operation: "GetFindings",
    handler: getFindings,
    listMember: "findingIds",
  },
  {
    method: "POST",
    template: "/detector/{DetectorId}/findings/statistics",
    operation: "GetFindingsStatistics",
    handler: getFindingsStatistics,
  },
  {
    method: "POST",
    template: "/detector/{DetectorId}/findings/create",
    operation: "CreateSampleFindings",
    handler: createSampleFindings,
    listMember: "findingTypes",
  },
  {
    method: "POST",
    template: "/detector/{DetectorId}/findings/archive",
    operation: "ArchiveFindings",
    handler: archiveFindings,
    listMember: "findingIds",
  },
  {
    method: "POST",
    template: "/detector/{DetectorId}/findings/unarchive",
    operation: "UnarchiveFindings",
    handler: unarchiveFindings,
    listMember: "findingIds",
  },
  {
    method: "POST",
    template: "/detector/{DetectorId}/findings/feedback",
    operation: "UpdateFindingsFeedback",
    handler: updateFindingsFeedback,
    listMember: "findingIds",
  },
  {
    method: "GET",
    template: "/detector/{DetectorId}/member",
    operation: "ListMembers",
    handler: listMembers,
  },
  {
    method: "POST",
    template: "/detector/{DetectorId}/member/get",
    operation: "GetMembers",
    handler: getMembers,
    listMember: "accountIds",
  },
  {
    method: "GET",
    template: "/detector/{DetectorId}/administrator",
    operation: "GetAdministratorAccount",
    handler: getAdministratorAccount,
  },
  {
    method: "POST",
    template: "/detector/{DetectorId}/administrator",
    operation: "AcceptAdministratorInvitation",
    handler: acceptAdministratorInvitation,
  },
  {
    method: "POST",
    template: "/detector/{DetectorId}/administrator/disassociate",
    operation: "DisassociateFromAdministratorAccount",
    handler: disassociateFromAdministratorAccount,
  },
  {
    method: "POST",
    template: "/detector/{DetectorId}/freeTrial/daysRemaining",
    operation: "GetRemainingFreeTrialDays",
    handler: getRemainingFreeTrialDays,
    listMember: "accountIds",
  },
  {
    method: "GET",
    template: "/invitation",
    operation: "ListInvitations",
    handler: listInvitations,
  },
  {
    method: "GET",
    template: "/detector/{DetectorId}/master",
    operation: "GetMasterAccount",
    handler: getMasterAccount,
  },
  {
    method: "POST",
    template: "/detector/{DetectorId}/master",
    operation: "AcceptInvitation",
    handler: acceptMasterInvitation,
  },
  {
    method: "POST",
    template: "/detector/{DetectorId}/master/disassociate",
    operation: "DisassociateFromMasterAccount",
    handler: disassociateFromAdministratorAccount,
  },
];

export type RouteMatch =
  | { kind: "matched"; route: Route; labels: Record<string, string> }
  | { kind: "unknown-path" }
  | { kind: "wrong-method"; allowed: string[] }
  | { kind: "bad-encoding" };

const compiled = ROUTES.map((route) => ({ route, segments: route.template.split("/").slice(1) }));

function matchSegments(templateSegments: string[], pathSegments: string[]) {
  if (templateSegments.length !== pathSegments.length) return undefined;
  const labels: Record<string, string> = {};
  for (let i = 0; i < templateSegments.length; i += 1) {
    const template = templateSegments[i] as string;
    const actual = pathSegments[i] as string;
    if (template.startsWith("{")) {
      if (actual === "") return undefined;
      labels[template.slice(1, -1)] = actual;
    } else if (template !== actual) return undefined;
  }
  return labels;
}

export function matchRoute(method: string, path: string): RouteMatch {
  const pathSegments = path.split("/").slice(1);
  const allowed: string[] = [];
  for (const { route, segments } of compiled) {
    const labels = matchSegments(segments, pathSegments);
    if (!labels) continue;
    if (route.method !== method) {
      allowed.push(route.method);
      continue;
    }
    // Labels are matched still encoded (an encoded "/" must not split a segment), then decoded.
    try {
      for (const [name, value] of Object.entries(labels)) labels[name] = decodeURIComponent(value);
    } catch {
      return { kind: "bad-encoding" };
    }
    return { kind: "matched", route, labels };
  }
  return allowed.length > 0 ? { kind: "wrong-method", allowed } : { kind: "unknown-path" };
}
