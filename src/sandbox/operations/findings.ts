import { FINDING_TYPES, findingTypeInfo } from "../catalog.js";
import {
  type Criterion,
  parseFindingCriteria,
  parseSortCriteria,
  type SortCriteria,
  sortedPositions,
  sortFindings,
} from "../criteria.js";
import { badRequest } from "../errors.js";
import { linkAttackSequences } from "../findings/attack-sequence-links.js";
import { makeFinding } from "../findings/finding.js";
import { hashSeed } from "../findings/values.js";
import {
  type AttributeColumn,
  buildColumn,
  columnWeight,
  inOrder,
  matchPositions,
  type Positions,
} from "../indexes.js";
import { createRng } from "../random.js";
import {
  buildGroupColumn,
  buildUpdatedColumn,
  groupColumnFor,
  parseStatisticsRequest,
  statisticsFromIndexes,
} from "../statistics.js";
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

/** The detector's findings in insertion order: the positions every index refers to. */
function findingsOf(context: OperationContext, detector: Detector): readonly WireFinding[] {
  return context.memo(`findings/${detector.detectorId}`, () => [...detector.findings.values()]);
}

function columnOf(
  context: OperationContext,
  detector: Detector,
  attribute: string,
): AttributeColumn {
  return context.memo(
    `column/${detector.detectorId}/${attribute}`,
    () => buildColumn(findingsOf(context, detector), attribute),
    columnWeight,
  );
}

/**
 * Positions of the findings matching `criteria`, from the per-attribute indexes; memoized until
 * the next change, so repeated criteria (paging, dashboards) cost a lookup.
 */
function matchingPositions(
  context: OperationContext,
  detector: Detector,
  criteria: Criterion[],
): Positions {
  if (criteria.length === 0) return undefined;
  return context.memo(
    `match/${detector.detectorId}/${JSON.stringify(criteria)}`,
    () =>
      matchPositions(criteria, findingsOf(context, detector).length, (attribute) =>
        columnOf(context, detector, attribute),
      ),
    (positions) => positions?.length ?? 1,
  );
}

/**
 * Positions of the matches in `sort` order. The whole detector is sorted once per attribute and
 * direction (until the next change) and each result is cut out of that order.
 */
function sortedMatches(
  context: OperationContext,
  detector: Detector,
  positions: Positions,
  sort: SortCriteria | undefined,
): Int32Array {
  const findings = findingsOf(context, detector);
  if (!sort) return positions ?? Int32Array.from(findings.keys());
  const order = context.memo(
    `order/${detector.detectorId}/${sort.attributeName}/${sort.orderBy}`,
    () => sortedPositions(findings, sort),
    (value) => value.length,
  );
  return inOrder(positions, order);
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
      context.memo(
        `sorted/${detector.detectorId}/${query}`,
        () =>
          sortedMatches(context, detector, matchingPositions(context, detector, criteria), sort),
        (positions) => positions.length,
      ),
  );
  // Positions stay positions until the page is cut: only 50 ids are looked up per call.
  const findings = findingsOf(context, detector);
  const findingIds = page.items.map((position) => (findings[position] as WireFinding).id);
  return { findingIds, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
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
  // Memoized whole: dashboards ask the same statistics again and again between changes.
  const findingStatistics = context.memo(
    `statistics/${detector.detectorId}/${JSON.stringify(request)}`,
    () => {
      const findings = findingsOf(context, detector);
      const updated = context.memo(
        `updatedAt/${detector.detectorId}`,
        () => buildUpdatedColumn(findings),
        (column) => column.canonical.length,
      );
      const groupBy = groupColumnFor(request);
      const groups = context.memo(
        `groups/${detector.detectorId}/${groupBy}`,
        () => buildGroupColumn(findings, groupBy, updated),
        (column) => column.codes.length,
      );
      const positions = matchingPositions(context, detector, request.criteria);
      return statisticsFromIndexes(request, positions, findings.length, groups, updated);
    },
  );
  return { findingStatistics };
}

/** Memoized values that hold whatever the findings' `service` members are. */
const SERVICE_FREE_INDEXES = ["findings/", "updatedAt/", "groups/"];
const ATTRIBUTE_INDEXES = ["column/", "order/"];

/**
 * Archiving and feedback change members of `service` in place and nothing else: the findings and
 * their positions stay, and so do the indexes of other attributes, so the next query after a
 * change does not rebuild them. Every query result is dropped.
 */
function keepsIndexAfterServiceChange(key: string): boolean {
  if (SERVICE_FREE_INDEXES.some((prefix) => key.startsWith(prefix))) return true;
  const prefix = ATTRIBUTE_INDEXES.find((candidate) => key.startsWith(candidate));
  if (!prefix) return false;
  // The key is `<prefix><detectorId>/<attribute>...`.
  const attribute = key.slice(key.indexOf("/", prefix.length) + 1);
  return !attribute.startsWith("service.");
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
  context.changed(keepsIndexAfterServiceChange);
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
  context.changed(keepsIndexAfterServiceChange);
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
