/**
 * Loader keys are strings ("region/detectorId[/id]") so DataLoader caches them by value. Region
 * names and GuardDuty ids never contain "/", so the split is unambiguous.
 */
import { badUserInput, quote } from "../errors.js";
import type { Scoped } from "./batch.js";
import type { FindingKey } from "./findings.js";
import type { AccountKey } from "./members.js";

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const DETECTOR_ID = /^[A-Za-z0-9]{1,300}$/;
/** GuardDuty model: ids are 1-300 characters; real ones are hex. */
export const FINDING_ID = /^[A-Za-z0-9]{1,300}$/;
/** AWS account ids are exactly 12 digits. */
export const ACCOUNT_ID = /^\d{12}$/;

export function detectorKey(scope: Scoped): string {
  return `${scope.region}/${scope.detectorId}`;
}

export function findingKey(key: FindingKey): string {
  return `${key.region}/${key.detectorId}/${key.findingId}`;
}

export function accountKey(key: AccountKey): string {
  return `${key.region}/${key.detectorId}/${key.accountId}`;
}

function parts(key: string, count: number, what: string): string[] {
  const split = key.split("/");
  if (split.length !== count) throw badUserInput(`Malformed ${what} id`);
  return split;
}

export function parseDetectorKey(key: string): Scoped {
  const [region, detectorId] = parts(key, 2, "detector") as [string, string];
  return validScope(region, detectorId);
}

/** The id part of a Detector's Relay id is "account/region/detectorId". */
export function parseDetectorNodeId(id: string): Scoped {
  const [, region = "", detectorId = ""] = id.split("/");
  return validScope(region, detectorId);
}

export function parseFindingKey(key: string): FindingKey {
  const [region, detectorId, findingId] = parts(key, 3, "finding") as [string, string, string];
  if (!FINDING_ID.test(findingId)) throw badUserInput(`Malformed finding id ${quote(findingId)}`);
  return { ...validScope(region, detectorId), findingId };
}

export function parseAccountKey(key: string): AccountKey {
  const [region, detectorId, accountId] = parts(key, 3, "member") as [string, string, string];
  assertAccountId(accountId);
  return { ...validScope(region, detectorId), accountId };
}

export function validScope(region: string, detectorId: string): Scoped {
  if (!REGION.test(region)) throw badUserInput(`${quote(region)} is not an AWS region name`);
  assertDetectorId(detectorId);
  return { region, detectorId };
}

export function assertDetectorId(detectorId: string): void {
  if (!DETECTOR_ID.test(detectorId)) {
    throw badUserInput(
      `${quote(detectorId)} is not a GuardDuty detector id (letters and digits, e.g. 32 hex characters)`,
    );
  }
}

export function assertAccountId(accountId: string): void {
  if (!ACCOUNT_ID.test(accountId))
    throw badUserInput(`${quote(accountId)} is not a 12-digit AWS account id`);
}

export function assertFindingId(findingId: string): void {
  if (!FINDING_ID.test(findingId))
    throw badUserInput(`${quote(findingId)} is not a GuardDuty finding id`);
}

/** arn:aws:guardduty:{region}:{account}:detector/{detectorId}/finding/{findingId} */
const FINDING_ARN =
  /^arn:aws[a-z-]*:guardduty:([a-z0-9-]+):(\d{12}):detector\/([A-Za-z0-9]+)\/finding\/([A-Za-z0-9]+)$/;

/** Whether `text` names a finding (attack-sequence signals name their findings by ARN). */
export function isFindingArn(text: string): boolean {
  return FINDING_ARN.test(text);
}

export function parseFindingArn(arn: string): {
  region: string;
  accountId: string;
  detectorId: string;
  findingId: string;
} {
  const match = FINDING_ARN.exec(arn);
  if (!match) {
    throw badUserInput(
      `${quote(arn)} is not a GuardDuty finding ARN (arn:aws:guardduty:REGION:ACCOUNT:detector/DETECTOR/finding/ID)`,
      { argumentName: "arn" },
    );
  }
  const [, region, accountId, detectorId, findingId] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
  ];
  return { region, accountId, detectorId, findingId };
}
