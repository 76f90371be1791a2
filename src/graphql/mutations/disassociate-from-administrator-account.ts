import { ACCOUNT_WRITE } from "../../auth/scopes.js";
import { disassociateFromAdministrator } from "../../aws/members.js";
import { InvalidInputError } from "../../errors.js";
import { builder } from "../builder.js";
import { Detector, type DetectorRef, locateDetector } from "../types/detector.js";
import {
  MUTATION_ERROR_TYPES,
  NotAssociatedError,
  notAllowedResult,
  typedMutationError,
} from "../types/errors.js";
import { detectorMutationCost, upstream } from "../upstream-cost.js";

const DisassociateInput = builder.inputType("DisassociateFromAdministratorAccountInput", {
  fields: (t) => ({
    detectorId: t.string({ required: true, description: "This (member) account's detector." }),
    region: t.string({ description: "The detector's region; found automatically when omitted." }),
  }),
});

const Payload = builder
  .objectRef<{ detector: DetectorRef }>("DisassociateFromAdministratorAccountPayload")
  .implement({
    fields: (t) => ({
      detector: t.field({
        type: Detector,
        description: "The detector, whose `administrator` is now null.",
        resolve: (p) => p.detector,
      }),
    }),
  });

builder.mutationField("disassociateFromAdministratorAccount", (t) =>
  t.field({
    type: Payload,
    description:
      "Leave the administrator: this account manages its own GuardDuty again in that region.",
    authScopes: ACCOUNT_WRITE,
    unauthorizedResolver: notAllowedResult,
    errors: { types: [...MUTATION_ERROR_TYPES, NotAssociatedError], directResult: true },
    args: { input: t.arg({ type: DisassociateInput, required: true }) },
    extensions: upstream({ cost: (input) => detectorMutationCost(input, 1) }),
    resolve: async (_root, { input }, context) => {
      const detector = await locateDetector(context, input.detectorId, input.region).catch(
        (error: unknown) => {
          throw typedMutationError(context, error, (message) => new InvalidInputError(message));
        },
      );
      try {
        await disassociateFromAdministrator(context.upstream, detector);
        return { detector };
      } catch (error) {
        throw typedMutationError(context, error, (message) => new NotAssociatedError(message));
      }
    },
  }),
);
