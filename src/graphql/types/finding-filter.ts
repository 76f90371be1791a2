import { z } from "zod";
import { FINDING_CRITERIA_ATTRIBUTES } from "../../aws/finding-attributes.js";
import { builder } from "../builder.js";
import { DateTime } from "./scalars.js";

const severityValue = z.number().min(0).max(10);

export const SeverityLevel = builder.enumType("SeverityLevel", {
  description: "GuardDuty's documented severity bands.",
  values: {
    LOW: { description: "1.0-3.9: attempted or suspicious activity without compromise." },
    MEDIUM: { description: "4.0-6.9: suspicious deviation from normal; investigate." },
    HIGH: { description: "7.0-8.9: the resource is likely compromised and in active misuse." },
    CRITICAL: { description: "9.0-10.0: an attack sequence in progress." },
  } as const,
});

export const SortDirection = builder.enumType("SortDirection", {
  values: ["ASC", "DESC"] as const,
});

export const FindingSortField = builder.enumType("FindingSortField", {
  values: [
    "UPDATED_AT",
    "CREATED_AT",
    "SEVERITY",
    "TYPE",
    "ACCOUNT_ID",
    "RESOURCE_TYPE",
    "COUNT",
  ] as const,
});

export const FindingOrder = builder.inputType("FindingOrder", {
  fields: (t) => ({
    field: t.field({ type: FindingSortField, required: true }),
    direction: t.field({ type: SortDirection, required: true, defaultValue: "DESC" }),
  }),
});

const SeverityRange = builder.inputType("SeverityRange", {
  description: "An inclusive severity range; either end may be left open.",
  fields: (t) => ({
    min: t.float({ validate: severityValue, description: "0 to 10." }),
    max: t.float({ validate: severityValue, description: "0 to 10." }),
  }),
});

const AttributeCondition = builder.inputType("FindingAttributeCondition", {
  description: `A condition on one of the ${FINDING_CRITERIA_ATTRIBUTES.length} attributes GuardDuty documents for finding criteria (the FindingCriteria list of its CreateFilter API reference), such as resource.s3BucketDetails.name, resource.eksClusterDetails.name, service.runtimeDetails.process.executablePath or service.ebsVolumeScanDetails.scanId: dotted JSON paths of the finding, lists addressed without an index. Other attributes are refused. Operators given together must all hold. Time attributes (updatedAt, createdAt, service.eventFirstSeen, resource.eksClusterDetails.createdAt, ...) are epoch milliseconds.`,
  fields: (t) => ({
    attribute: t.string({ required: true }),
    equals: t.stringList(),
    notEquals: t.stringList(),
    greaterThan: t.float(),
    greaterThanOrEqual: t.float(),
    lessThan: t.float(),
    lessThanOrEqual: t.float(),
  }),
});

export const FindingFilter = builder.inputType("FindingFilter", {
  description:
    "Every field narrows the result (AND). Each is sent to GuardDuty as finding criteria; nothing is filtered in the gateway.",
  fields: (t) => ({
    severity: t.field({ type: SeverityRange }),
    severityLevels: t.field({
      type: [SeverityLevel],
      description:
        "Adjacent levels only (GuardDuty takes one severity range), e.g. [HIGH, CRITICAL].",
    }),
    types: t.stringList({ description: "Finding types (up to 50)." }),
    resourceTypes: t.stringList({
      description: "resource.resourceType values, e.g. Instance, AccessKey, S3Bucket.",
    }),
    accountIds: t.stringList({ description: "12-digit account ids (up to 50)." }),
    archived: t.boolean({ description: "true: only archived; false: only active; absent: both." }),
    updatedAfter: t.field({ type: DateTime, description: "Inclusive." }),
    updatedBefore: t.field({ type: DateTime, description: "Exclusive." }),
    createdAfter: t.field({ type: DateTime, description: "Inclusive." }),
    createdBefore: t.field({ type: DateTime, description: "Exclusive." }),
    instanceIds: t.stringList({ description: "EC2 instance ids." }),
    conditions: t.field({
      type: [AttributeCondition],
      description: "Conditions on other attributes.",
    }),
  }),
});
