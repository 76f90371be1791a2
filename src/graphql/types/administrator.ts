import type { Invitation as SdkInvitation } from "@aws-sdk/client-guardduty";
import { assertRegionAllowed } from "../../auth/restrictions.js";
import { MEMBERS_READ, refusedList } from "../../auth/scopes.js";
import { getAdministrator, listInvitations } from "../../aws/members.js";
import type { Context } from "../../context.js";
import { notFound, quote } from "../../errors.js";
import { builder } from "../builder.js";
import { upstream } from "../upstream-cost.js";
import { Detector } from "./detector.js";
import { Administrator, invitationModelFields } from "./generated/account.js";

builder.objectFields(Detector, (t) => ({
  administrator: t.field({
    type: Administrator,
    nullable: true,
    description:
      "The administrator of this account in this region; null for an administrator or standalone account.",
    authScopes: MEMBERS_READ,
    extensions: upstream({ cost: () => ({ calls: 1 }) }),
    resolve: async (detector, _args, context) =>
      (await getAdministrator(context.upstream, detector)) ?? null,
  }),
}));

export interface InvitationRecord {
  region: string;
  data: SdkInvitation;
}

export const Invitation = builder.objectRef<InvitationRecord>("Invitation");

Invitation.implement({
  description: "A pending invitation from an administrator account to manage this account.",
  fields: (t) => ({
    // GuardDuty's Invitation (types/generated/account.ts), and the region it was listed in.
    ...invitationModelFields(t),
    region: t.string({ resolve: (i) => i.region }),
  }),
});

async function invitationsIn(
  context: Context,
  region: string,
): Promise<(InvitationRecord | Error)[]> {
  try {
    return (await listInvitations(context.upstream, region)).map((data) => ({ region, data }));
  } catch (error) {
    return [error as Error];
  }
}

builder.queryFields((t) => ({
  invitations: t.field({
    type: [Invitation],
    nullable: { list: false, items: true },
    description:
      "Pending administrator invitations to this account, in every covered region (or one). A failing region is a null item with an error.",
    authScopes: MEMBERS_READ,
    unauthorizedResolver: refusedList,
    // A handful per region in practice; a router's demand control needs some size.
    listSize: { assumedSize: 50 },
    args: { region: t.arg.string() },
    // One ListInvitations per region asked (more only for more than 50 pending invitations).
    extensions: upstream({
      cost: ({ args, regions }) => {
        const region = args.region as string | null | undefined;
        return { calls: region ? Number(regions.includes(region)) : regions.length };
      },
    }),
    resolve: async (_root, args, context) => {
      if (args.region) assertRegionAllowed(context.caller, args.region);
      if (args.region && !context.upstream.regions.includes(args.region)) {
        throw notFound(`Region ${quote(args.region)} is not covered by this gateway`);
      }
      const regions = args.region ? [args.region] : [...context.upstream.regions];
      const perRegion = await Promise.all(regions.map((region) => invitationsIn(context, region)));
      // An Error item becomes null plus a located error (graphql-js); Pothos's types omit that.
      return perRegion.flat() as InvitationRecord[];
    },
  }),
}));
