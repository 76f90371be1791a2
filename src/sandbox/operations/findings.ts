import { FINDING_TYPES, findingTypeInfo } from "../catalog.js";
import {
  type Criterion,
  compileCriteria,
  parseFindingCriteria,
  parseSortCriteria,
  type SortCriteria,
  sortFindings,
} from "../criteria.js";
import { badRequest } from "../errors.js";
import { linkAttackSequences } from "../findings/attack-sequence-links.js";
import { makeFinding } from "../findings/finding.js";
import { hashSeed } from "../findings/values.js";
import { createRng } from "../random.js";
import { computeStatistics, parseStatisticsRequest } from "../statistics.js";
import type { Detector, WireFinding } from "../store.js";
import {
  enumValue,
  findingIds,
  MAX_IDS_PER_CALL,
  MAX_RESULTS,
  maxResults,
  optionalToken,
  stringList,
} from "../validate.js";
import { findingChanged, findingsResponseBody } from "../wire.js";
import { type OperationContext, ownedDetector, pageScope } from "./context.js";

/** Memoized until the next change, so repeated criteria (paging, dashboards) cost a lookup. */
function matchingFindings(
  context: OperationContext,
  detector: Detector,
  criteria: Criterion[],
): readonly WireFinding[] {
  return context.memo(`match/${detector.detectorId}/${JSON.stringify(criteria)}`, () => {
    const matches = compileCriteria(criteria);
    return [...detector.findings.values()].filter(matches);
  });
}

/**
 * The ids of `found` in `sort` order. The whole detector is sorted once per attribute and
 * direction (until the next change) and each result is cut out of that order: the sort is
 * stable and `found` is in insertion order, so this equals sorting `found` itself.
 */
function sortedIds(
  context: OperationContext,
  detector: Detector,
  found: readonly WireFinding[],
  sort: SortCriteria | undefined,
): string[] {
  if (!sort) return found.map((finding) => finding.id);
  const all = context.memo(`sortedAll/${detector.detectorId}/${JSON.stringify(sort)}`, () =>
    sortFindings([...detector.findings.values()], sort),
  );
  const wanted = found.length === all.length ? undefined : new Set(found);
  return (wanted ? all.filter((finding) => wanted.has(finding)) : all).map((finding) => finding.id);
}

export function listFindings(context: OperationContext) {
  const detector = ownedDetector(context);
  const { body } = context;
  const sort = parseSortCriteria(body.sortCriteria);
  const limit = maxResults(body.maxResults, MAX_RESULTS, MAX_RESULTS);
  const token = optionalToken(body.nextToken);
  const criteria = parseFindingCriteria(body.findingCriteria);
  const query = `${JSON.stringify(criteria)}/${JSON.stringify(sort ?? null)}`;
  // The query is part of the scope: a token resumes only the listing it was issued for.
  const page = context.pager.page(
    `${pageScope(context, "ListFindings", detector.detectorId)}/${query}`,
    token,
    limit,
    () =>
      context.memo(`sorted/${detector.detectorId}/${query}`, () =>
        sortedIds(context, detector, matchingFindings(context, detector, criteria), sort),
      ),
  );
  return { findingIds: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
}

export function getFindings(context: OperationContext): string {
  const detector = ownedDetector(context);
  const ids = findingIds(context.body);
  const sort = parseSortCriteria(context.body.sortCriteria);
  // Unknown ids are left out, as the service does; the caller notices the gap.
  const found = ids
    .map((id) => detector.findings.get(id))
    .filter((finding): finding is WireFinding => finding !== undefined);
  return findingsResponseBody(sort ? sortFindings(found, sort) : found);
}

export function getFindingsStatistics(context: OperationContext) {
  const detector = ownedDetector(context);
  const request = parseStatisticsRequest(context.body);
  const found = matchingFindings(context, detector, request.criteria);
  return { findingStatistics: computeStatistics(found, request) };
}

/** Members cannot archive their own findings: only an administrator or a standalone account. */
function assertMayArchive(context: OperationContext): void {
  const isManagedMember = context.world.relationships.some(
    (relationship) =>
      relationship.memberAccountId === context.caller.accountId &&
      relationship.region === context.region &&
      relationship.relationshipStatus === "Enabled",
  );
  if (isManagedMember) {
    throw badRequest(
      "The request is rejected because the current account is a member account and only the administrator account can archive or unarchive findings.",
    );
  }
}

function existingFindings(detector: Detector, ids: readonly string[]): WireFinding[] {
  const missing = ids.filter((id) => !detector.findings.has(id));
  if (missing.length > 0) {
    throw badRequest(
      `The request is rejected because the input findingIds contains ids that do not exist: ${missing.join(", ")}.`,
    );
  }
  return ids.map((id) => detector.findings.get(id) as WireFinding);
}

function setArchived(context: OperationContext, archived: boolean) {
  const detector = ownedDetector(context);
  const ids = findingIds(context.body);
  assertMayArchive(context);
  for (const finding of existingFindings(detector, ids)) {
    finding.service.archived = archived;
    findingChanged(finding);
  }
  context.changed();
  return {};
}

export const archiveFindings = (context: OperationContext) => setArchived(context, true);
export const unarchiveFindings = (context: OperationContext) => setArchived(context, false);

export function updateFindingsFeedback(context: OperationContext) {
  const detector = ownedDetector(context);
  const ids = findingIds(context.body);
  const feedback = enumValue(context.body.feedback, "feedback", ["USEFUL", "NOT_USEFUL"] as const);
  if (!feedback)
    throw badRequest("The request is rejected because the required parameter feedback is missing.");
  const comments = context.body.comments;
  if (comments !== undefined && typeof comments !== "string") {
    throw badRequest(
      "The request is rejected because the parameter comments has an invalid value.",
    );
  }
  for (const finding of existingFindings(detector, ids)) {
    finding.service.userFeedback = feedback;
    findingChanged(finding);
  }
  context.changed();
  return {};
}

export function createSampleFindings(context: OperationContext) {
  const detector = ownedDetector(context);
  const requested = stringList(context.body, "findingTypes", {
    required: false,
    minItems: 0,
    maxItems: MAX_IDS_PER_CALL,
    minLength: 1,
    maxLength: 100,
  });
  const unknown = requested.filter((type) => !findingTypeInfo(type));
  if (unknown.length > 0) {
    throw badRequest(
      `The request is rejected because the input findingTypes contains unsupported finding types: ${unknown.join(", ")}.`,
    );
  }
  const types = requested.length > 0 ? requested : FINDING_TYPES.map((info) => info.type);
  // Seeded by the detector and its size so repeated calls draw new ids, and two detectors never
  // draw the same ones, yet a replay is identical.
  const rng = createRng(
    hashSeed(`${context.world.options.seed}:${detector.detectorId}:${detector.findings.size}`),
  );
  const now = new Date().toISOString();
  const created: WireFinding[] = [];
  for (const type of types) {
    const finding = makeFinding(rng, {
      accountId: detector.accountId,
      region: detector.region,
      detectorId: detector.detectorId,
      type,
      id: rng.hex(32),
      createdAt: now,
      updatedAt: now,
      sample: true,
    });
    detector.findings.set(finding.id, finding);
    created.push(finding);
  }
  // Sample attack sequences correlate the sample findings created with them.
  linkAttackSequences(created);
  context.changed();
  return {};
}
