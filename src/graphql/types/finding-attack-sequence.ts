import type { Signal } from "@aws-sdk/client-guardduty";
import type { FindingRecord } from "../../aws/findings.js";
import { findingKey, isFindingArn, parseFindingArn } from "../../aws/keys.js";
import type { Context } from "../../context.js";
import { ErrorCode, errorCode } from "../../errors.js";
import { builder } from "../builder.js";
import { listDetectorsOnce, upstream } from "../upstream-cost.js";
import { Finding, findingHoldingSignal, findingKeyForArn } from "./finding.js";
import { SequenceSignal } from "./generated/finding.js";

/**
 * Links the model cannot make: from a finding to the attack sequence it belongs to, and from an
 * attack sequence's signals to the findings they stand for. Both read through the request's
 * finding loader, so a page of findings with their sequences costs one more GetFindings call
 * per detector at most, and findings already loaded cost nothing.
 */

/**
 * A linked finding that is gone (GuardDuty keeps findings for 90 days) or that the caller cannot
 * read counts as none; any other failure (throttling, access) stays an error.
 */
function unlessNotFound<T>(result: T | Error): T | null {
  if (!(result instanceof Error)) return result;
  const code = errorCode(result);
  if (code === ErrorCode.NOT_FOUND || code === ErrorCode.FORBIDDEN) return null;
  throw result;
}

async function keyUnlessNotFound(key: Promise<string>): Promise<string | null> {
  return key.catch((error: unknown) => unlessNotFound<string>(error as Error));
}

async function loadFindings(context: Context, keys: readonly string[]): Promise<FindingRecord[]> {
  const results = await Finding.getDataloader(context).loadMany(keys);
  return results
    .map((result) => unlessNotFound(result as FindingRecord | Error))
    .filter((record): record is FindingRecord => record !== null);
}

/** The loader key of the attack sequence `finding` belongs to, or null when it names none. */
async function attackSequenceKey(context: Context, finding: FindingRecord): Promise<string | null> {
  const arn = finding.data.AssociatedAttackSequenceArn;
  if (!arn || !isFindingArn(arn)) return null;
  const sequence = parseFindingArn(arn);
  // A sequence lives in its findings' region: read it through the detector the finding was read
  // through (an administrator's sees its members'), which needs no ListDetectors call.
  if (sequence.region === finding.key.region) {
    return findingKey({ ...finding.key, findingId: sequence.findingId });
  }
  return keyUnlessNotFound(findingKeyForArn(context, sequence));
}

/** Finding ARNs a signal names: a signal of type FINDING is identified by its finding's ARN. */
function signalFindingArns(signal: Signal): string[] {
  return signal.Uid && isFindingArn(signal.Uid) ? [signal.Uid] : [];
}

builder.objectFields(Finding, (t) => ({
  attackSequence: t.field({
    type: Finding,
    nullable: true,
    description:
      "The attack-sequence finding named by associatedAttackSequenceArn; null when there is none or it can no longer be read.",
    // One key for the finding loader (a sequence in another region also lists that region's
    // detectors; the request's budget counts that call when it happens).
    extensions: upstream({
      cost: () => ({ lookups: [{ operation: "GetFindings", keys: 1 }], items: 1 }),
    }),
    resolve: async (finding, _args, context) => {
      const key = await attackSequenceKey(context, finding);
      if (!key) return null;
      const [record] = await loadFindings(context, [key]);
      return record ?? null;
    },
  }),
}));

builder.objectFields(SequenceSignal, (t) => ({
  findings: t.field({
    type: [Finding],
    // Nullable, so a failed lookup (e.g. throttling) nulls only this list, not the sequence.
    nullable: { list: true, items: false },
    listSize: { assumedSize: 1 },
    description:
      "The findings this signal stands for (a FINDING signal names one by ARN), read through the caller's detector in their region. Findings that no longer exist or that the caller cannot read are left out; null with an error when they could not be read.",
    // A signal names at most one finding, read through the caller's detector in its region:
    // that region's detectors are listed once per request.
    extensions: upstream({
      cost: ({ regions }) => ({
        once: Object.assign({}, ...regions.map(listDetectorsOnce)),
        lookups: [{ operation: "GetFindings", keys: 1 }],
        items: 1,
      }),
    }),
    resolve: async (signal, _args, context) => {
      const holder = findingHoldingSignal(signal);
      const keys = await Promise.all(
        signalFindingArns(signal).map((arn) => {
          const named = parseFindingArn(arn);
          // Same region as the sequence: the detector it was read through reads this one too.
          if (holder && named.region === holder.region) {
            return findingKey({ ...holder, findingId: named.findingId });
          }
          return keyUnlessNotFound(findingKeyForArn(context, named));
        }),
      );
      return loadFindings(
        context,
        keys.filter((key): key is string => key !== null),
      );
    },
  }),
}));
