import { freeTrialKey } from "../store.js";
import { accountIds } from "../validate.js";
import { type OperationContext, ownedDetector } from "./context.js";

export function getRemainingFreeTrialDays(context: OperationContext) {
  ownedDetector(context);
  return freeTrialDays(context);
}

/** An account may ask for itself; an administrator also for any of its members. */
function freeTrialDays(context: OperationContext) {
  const ids = accountIds(context.body);
  const visible = new Set([context.caller.accountId]);
  for (const relationship of context.world.relationships) {
    if (
      relationship.administratorAccountId === context.caller.accountId &&
      relationship.region === context.region
    ) {
      visible.add(relationship.memberAccountId);
    }
  }
  const accounts = [];
  const unprocessedAccounts = [];
  for (const accountId of ids) {
    const days = visible.has(accountId)
      ? context.world.freeTrial.get(freeTrialKey(context.region, accountId))
      : undefined;
    if (days) accounts.push({ accountId, dataSources: days.dataSources, features: days.features });
    else {
      unprocessedAccounts.push({
        accountId,
        result:
          "The request is rejected because the given account ID is not the current account or one of its members.",
      });
    }
  }
  return { accounts, unprocessedAccounts };
}
