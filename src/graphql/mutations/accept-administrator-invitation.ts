import type { Administrator as SdkAdministrator } from "@aws-sdk/client-guardduty";
import { z } from "zod";
import { ACCOUNT_WRITE } from "../../auth/scopes.js";
import { ACCOUNT_ID } from "../../aws/keys.js";
import { acceptAdministratorInvitation, getAdministrator } from "../../aws/members.js";
import { InvalidInputError } from "../../errors.js";
import { builder } from "../builder.js";
import { Detector, type DetectorRef, locateDetector } from "../types/detector.js";
import {
  InvitationNotFoundError,
  MUTATION_ERROR_TYPES,
  notAllowedResult,
  typedMutationError,
} from "../types/errors.js";
import { Administrator } from "../types/generated/account.js";
import { detectorMutationCost, upstream } from "../upstream-cost.js";

const AcceptInput = builder.inputType("AcceptAdministratorInvitationInput", {
  fields: (t) => ({
    detectorId: t.string({ required: true, description: "This (member) account's detector." }),
    region: t.string({ description: "The detector's region; found automatically when omitted." }),
    administratorId: t.string({
      required: true,
      validate: z.string().regex(ACCOUNT_ID, "must be a 12-digit account id"),
      description: "The inviting administrator account (Invitation.accountId).",
    }),
    invitationId: t.string({
      required: true,
      validate: z.string().min(1).max(300),
      description: "Invitation.invitationId.",
    }),
  }),
});

interface AcceptPayload {
  detector: DetectorRef;
  administrator: SdkAdministrator | undefined;
}

const Payload = builder.objectRef<AcceptPayload>("AcceptAdministratorInvitationPayload").implement({
  fields: (t) => ({
    detector: t.field({ type: Detector, resolve: (p) => p.detector }),
    administrator: t.field({
      type: Administrator,
      nullable: true,
      description: "The administrator as GuardDuty reports it after the acceptance.",
      resolve: (p) => p.administrator,
    }),
  }),
});

builder.mutationField("acceptAdministratorInvitation", (t) =>
  t.field({
    type: Payload,
    description:
      "Accept an administrator's invitation: the account becomes its member in that region.",
    authScopes: ACCOUNT_WRITE,
    unauthorizedResolver: notAllowedResult,
    errors: { types: [...MUTATION_ERROR_TYPES, InvitationNotFoundError], directResult: true },
    args: { input: t.arg({ type: AcceptInput, required: true }) },
    // AcceptAdministratorInvitation, then GetAdministratorAccount for the payload.
    extensions: upstream({ cost: (input) => detectorMutationCost(input, 2) }),
    resolve: async (_root, { input }, context) => {
      const detector = await locateDetector(context, input.detectorId, input.region).catch(
        (error: unknown) => {
          throw typedMutationError(context, error, (message) => new InvalidInputError(message));
        },
      );
      try {
        await acceptAdministratorInvitation(context.upstream, detector, input);
        return { detector, administrator: await getAdministrator(context.upstream, detector) };
      } catch (error) {
        throw typedMutationError(context, error, (message) => new InvitationNotFoundError(message));
      }
    },
  }),
);
