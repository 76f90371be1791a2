import { z } from "zod";
import { FINDINGS_READ, FINDINGS_WRITE } from "../../auth/scopes.js";
import type { Scoped } from "../../aws/batch.js";
import {
  findingIdsOfAccounts,
  GET_FINDINGS_MAX_IDS,
  setFindingsArchived,
  updateFindingsFeedback,
} from "../../aws/findings.js";
import { FINDING_ID, findingKey } from "../../aws/keys.js";
import type { Context } from "../../context.js";
import { InvalidInputError, quoteList } from "../../errors.js";
import { builder } from "../builder.js";
import { locateDetector } from "../types/detector.js";
import {
  MUTATION_ERROR_TYPES,
  NotFoundError,
  notAllowedResult,
  typedMutationError,
} from "../types/errors.js";
import { Finding } from "../types/finding.js";
import { type CostInput, detectorMutationCost, listLength, upstream } from "../upstream-cost.js";

/**
 * Archive, unarchive and feedback: the console workflows beside the administrator mutations.
 * Each sends one GuardDuty call (ids are limited to the API's 50) and answers with the findings
 * re-read after the change.
 */
const findingIdsField = z
  .array(z.string().regex(FINDING_ID, "must be a GuardDuty finding id"))
  .min(1)
  .max(GET_FINDINGS_MAX_IDS);

const FindingsInput = builder.inputType("FindingsInput", {
  fields: (t) => ({
    detectorId: t.string({ required: true }),
    region: t.string({ description: "The detector's region; found automatically when omitted." }),
    findingIds: t.stringList({
      required: true,
      validate: findingIdsField,
      description: `1 to ${GET_FINDINGS_MAX_IDS} finding ids.`,
    }),
  }),
});

const Feedback = builder.enumType("FindingFeedback", { values: ["USEFUL", "NOT_USEFUL"] as const });

const FeedbackInput = builder.inputType("UpdateFindingsFeedbackInput", {
  fields: (t) => ({
    detectorId: t.string({ required: true }),
    region: t.string(),
    findingIds: t.stringList({ required: true, validate: findingIdsField }),
    feedback: t.field({ type: Feedback, required: true }),
    comments: t.string({
      validate: z.string().max(1000),
      description: "Free text kept with the feedback.",
    }),
  }),
});

const FindingsPayload = builder.objectRef<{ findingKeys: string[] }>("FindingsPayload").implement({
  description: "The findings as GuardDuty reports them after the change.",
  fields: (t) => ({
    findings: t.field({
      type: [Finding],
      nullable: { list: false, items: true },
      // Changing findings does not grant reading them: without findings:read each item is null
      // with the FORBIDDEN error at its index (the change itself was made), and nothing is read.
      authScopes: FINDINGS_READ,
      unauthorizedResolver: (p, _args, _context, _info, error) =>
        p.findingKeys.map(() => error) as never,
      resolve: (p) => p.findingKeys,
    }),
  }),
});

async function changeFindings(
  context: Context,
  input: { detectorId: string; region?: string | null; findingIds: string[] },
  change: (scope: Scoped) => Promise<void>,
) {
  const detector = await locateDetector(context, input.detectorId, input.region).catch(
    (error: unknown) => {
      throw typedMutationError(context, error, (message) => new InvalidInputError(message));
    },
  );
  try {
    await assertFindingsOfAllowedAccounts(context, detector, input.findingIds);
    await change(detector);
  } catch (error) {
    throw typedMutationError(context, error, (message) => new InvalidInputError(message));
  }
  const keys = input.findingIds.map((findingId) => findingKey({ ...scopeOf(detector), findingId }));
  // Anything this request read before the change is stale now.
  const loader = Finding.getDataloader(context);
  for (const key of keys) loader.clear(key);
  return { findingKeys: keys };
}

/**
 * A caller restricted to some accounts changes only their findings: the ids are checked against
 * GuardDuty's own criteria first, and findings of other accounts answer as not found (the same
 * as ids that do not exist), before anything changes.
 */
async function assertFindingsOfAllowedAccounts(
  context: Context,
  detector: Scoped,
  findingIds: readonly string[],
): Promise<void> {
  const accounts = context.caller.accounts;
  if (!accounts) return;
  const permitted = new Set(
    await findingIdsOfAccounts(context.upstream, scopeOf(detector), findingIds, accounts),
  );
  const refused = findingIds.filter((id) => !permitted.has(id));
  if (refused.length > 0) {
    throw new NotFoundError(
      `Findings ${quoteList(refused)} were not found in detector ${detector.detectorId}`,
    );
  }
}

/** One call of its own, then the findings re-read; input over the limit is refused first. */
function findingsMutationCost(input: CostInput) {
  const ids = listLength((input.args.input as { findingIds?: unknown } | undefined)?.findingIds);
  if (ids < 1 || ids > GET_FINDINGS_MAX_IDS) return {};
  return detectorMutationCost(input, 1, ids);
}

function scopeOf(detector: Scoped): Scoped {
  return { region: detector.region, detectorId: detector.detectorId };
}

function archiveField(
  name: "archiveFindings" | "unarchiveFindings",
  archived: boolean,
  description: string,
) {
  builder.mutationField(name, (t) =>
    t.field({
      type: FindingsPayload,
      description,
      authScopes: FINDINGS_WRITE,
      unauthorizedResolver: notAllowedResult,
      errors: { types: [...MUTATION_ERROR_TYPES], directResult: true },
      args: { input: t.arg({ type: FindingsInput, required: true }) },
      extensions: upstream({ cost: findingsMutationCost }),
      resolve: (_root, { input }, context) =>
        changeFindings(context, input, (scope) =>
          setFindingsArchived(context.upstream, scope, input.findingIds, archived),
        ),
    }),
  );
}

archiveField(
  "archiveFindings",
  true,
  "Archive findings (administrator or standalone accounts only).",
);
archiveField("unarchiveFindings", false, "Bring archived findings back to the active list.");

builder.mutationField("updateFindingsFeedback", (t) =>
  t.field({
    type: FindingsPayload,
    description: "Mark findings useful or not useful.",
    authScopes: FINDINGS_WRITE,
    unauthorizedResolver: notAllowedResult,
    errors: { types: [...MUTATION_ERROR_TYPES], directResult: true },
    args: { input: t.arg({ type: FeedbackInput, required: true }) },
    extensions: upstream({ cost: findingsMutationCost }),
    resolve: (_root, { input }, context) =>
      changeFindings(context, input, (scope) =>
        updateFindingsFeedback(context.upstream, scope, {
          findingIds: input.findingIds,
          feedback: input.feedback,
          ...(input.comments ? { comments: input.comments } : {}),
        }),
      ),
  }),
);
