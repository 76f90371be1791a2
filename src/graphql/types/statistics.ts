import type {
  FindingCriteria,
  FindingStatistics as SdkStatistics,
} from "@aws-sdk/client-guardduty";
import { z } from "zod";
import { restrictCriteria } from "../../auth/restrictions.js";
import { FINDINGS_READ } from "../../auth/scopes.js";
import type { Scoped } from "../../aws/batch.js";
import { severityLevel, toFindingCriteria } from "../../aws/criteria.js";
import { findingStatistics } from "../../aws/findings.js";
import type { Context } from "../../context.js";
import { builder } from "../builder.js";
import { upstream } from "../upstream-cost.js";
import { Detector } from "./detector.js";
import { FindingFilter, SeverityLevel, SortDirection } from "./finding-filter.js";
import { DateTime } from "./scalars.js";

export const GroupBy = builder.enumType("FindingStatisticsGroupBy", {
  values: ["ACCOUNT", "DATE", "FINDING_TYPE", "RESOURCE", "SEVERITY"] as const,
});
export type GroupBy = "ACCOUNT" | "DATE" | "FINDING_TYPE" | "RESOURCE" | "SEVERITY";

/** One row of grouped statistics; only the fields of the chosen grouping are set. */
interface StatisticsGroup {
  totalFindings?: number;
  lastGeneratedAt?: Date;
  accountId?: string;
  date?: Date;
  findingType?: string;
  resourceId?: string;
  resourceType?: string;
  severity?: number;
}

const StatisticsGroupRef = builder.objectRef<StatisticsGroup>("FindingStatisticsGroup");
StatisticsGroupRef.implement({
  description: "Findings counted for one group; only the fields of the chosen grouping are set.",
  fields: (t) => ({
    totalFindings: t.int({ nullable: true, resolve: (g) => g.totalFindings }),
    lastGeneratedAt: t.field({ type: DateTime, nullable: true, resolve: (g) => g.lastGeneratedAt }),
    accountId: t.string({ nullable: true, resolve: (g) => g.accountId }),
    date: t.field({ type: DateTime, nullable: true, resolve: (g) => g.date }),
    findingType: t.string({ nullable: true, resolve: (g) => g.findingType }),
    resourceId: t.string({ nullable: true, resolve: (g) => g.resourceId }),
    resourceType: t.string({ nullable: true, resolve: (g) => g.resourceType }),
    severity: t.float({ nullable: true, resolve: (g) => g.severity }),
    severityLevel: t.field({
      type: SeverityLevel,
      nullable: true,
      resolve: (g) => (g.severity === undefined ? null : severityLevel(g.severity)),
    }),
  }),
});

interface StatisticsResult {
  groupBy: GroupBy;
  groups: StatisticsGroup[];
}

export const Statistics = builder.objectRef<StatisticsResult>("FindingStatistics");
Statistics.implement({
  description: "Finding counts grouped one way, computed by GuardDuty.",
  fields: (t) => ({
    groupBy: t.field({ type: GroupBy, resolve: (s) => s.groupBy }),
    groups: t.field({ type: [StatisticsGroupRef], resolve: (s) => s.groups }),
  }),
});

function groupsOf(groupBy: GroupBy, statistics: SdkStatistics | undefined): StatisticsGroup[] {
  const common = (g: { TotalFindings?: number; LastGeneratedAt?: Date }) => ({
    totalFindings: g.TotalFindings,
    lastGeneratedAt: g.LastGeneratedAt,
  });
  switch (groupBy) {
    case "ACCOUNT":
      return (statistics?.GroupedByAccount ?? []).map((g) => ({
        ...common(g),
        accountId: g.AccountId,
      }));
    case "DATE":
      return (statistics?.GroupedByDate ?? []).map((g) => ({
        ...common(g),
        date: g.Date,
        severity: g.Severity,
      }));
    case "FINDING_TYPE":
      return (statistics?.GroupedByFindingType ?? []).map((g) => ({
        ...common(g),
        findingType: g.FindingType,
      }));
    case "RESOURCE":
      return (statistics?.GroupedByResource ?? []).map((g) => ({
        ...common(g),
        accountId: g.AccountId,
        resourceId: g.ResourceId,
        resourceType: g.ResourceType,
      }));
    case "SEVERITY":
      return (statistics?.GroupedBySeverity ?? []).map((g) => ({
        ...common(g),
        severity: g.Severity,
      }));
  }
}

/** GuardDuty model: GetFindingsStatistics MaxResults 1-100 (shape MaxResults100). */
export const statisticsFirstArg = z.number().int().min(1).max(100);
const firstArg = statisticsFirstArg;

/** One GetFindingsStatistics over `requested` criteria, narrowed to the caller's accounts. */
export async function statisticsOf(
  context: Context,
  detector: Scoped,
  args: { groupBy: GroupBy; order?: "ASC" | "DESC" | null; first?: number | null },
  requested: FindingCriteria | undefined | null,
): Promise<StatisticsResult> {
  const criteria = requested === null ? null : restrictCriteria(context.caller, requested);
  // The client named only accounts this caller may not see: no findings to count.
  if (criteria === null) return { groupBy: args.groupBy, groups: [] };
  const output = await findingStatistics(context.upstream, detector, {
    GroupBy: args.groupBy,
    FindingCriteria: criteria,
    OrderBy: args.order ?? "DESC",
    MaxResults: args.first ?? 25,
  });
  return { groupBy: args.groupBy, groups: groupsOf(args.groupBy, output.FindingStatistics) };
}

builder.objectFields(Detector, (t) => ({
  statistics: t.field({
    type: Statistics,
    nullable: true,
    description:
      "Counts of findings (optionally filtered) grouped by account, date, type, resource or severity.",
    authScopes: FINDINGS_READ,
    cost: 1,
    args: {
      groupBy: t.arg({ type: GroupBy, required: true }),
      filter: t.arg({ type: FindingFilter }),
      order: t.arg({ type: SortDirection, defaultValue: "DESC", description: "By totalFindings." }),
      first: t.arg.int({ defaultValue: 25, validate: firstArg, description: "1 to 100 groups." }),
    },
    extensions: upstream({ cost: () => ({ calls: 1 }) }),
    resolve: (detector, args, context) =>
      statisticsOf(context, detector, args, toFindingCriteria(args.filter)),
  }),
}));
