import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { PublicIdentity } from "../../src/sandbox/sandbox.js";
import { type GatewayKit, gatewayFor } from "../kit/gateway.js";
import { type SandboxKit, startSandbox } from "../kit/sandbox.js";

let kit: SandboxKit;
let admin: GatewayKit;

beforeAll(async () => {
  kit = await startSandbox({ findingsPerDetector: 80 });
  admin = gatewayFor(kit, kit.administrator, { regions: ["us-east-1"] });
});
afterAll(async () => {
  admin.close();
  await kit.close();
});
beforeEach(async () => {
  await kit.control("POST", "/_sandbox/reset");
  await kit.clearCalls();
});

function invitedMember(): { identity: PublicIdentity; invitationId: string } {
  const relationship = kit.sandbox.world.relationships.find(
    (r) => r.region === "us-east-1" && r.relationshipStatus === "Invited",
  );
  const identity = kit.members.find((m) => m.accountId === relationship?.memberAccountId);
  if (!relationship?.invitationId || !identity) throw new Error("the seed has no invited member");
  return { identity, invitationId: relationship.invitationId };
}

const ACCEPT = `mutation($input: AcceptAdministratorInvitationInput!) {
  acceptAdministratorInvitation(input: $input) {
    __typename
    ... on AcceptAdministratorInvitationPayload { detector { detectorId administrator { accountId relationshipStatus } } administrator { accountId invitationId relationshipStatus } }
    ... on MutationError { message }
  }
}`;
const DISASSOCIATE = `mutation($input: DisassociateFromAdministratorAccountInput!) {
  disassociateFromAdministratorAccount(input: $input) {
    __typename
    ... on DisassociateFromAdministratorAccountPayload { detector { detectorId administrator { accountId } } }
    ... on MutationError { message }
  }
}`;
const memberStatus = `query($id: String!, $account: String!) { detector(detectorId: $id, region: "us-east-1") { member(accountId: $account) { relationshipStatus detectorId administratorId } } }`;

describe("administrator relationship mutations", () => {
  it("accepts an invitation as the member, and the administrator then sees the member Enabled", async () => {
    const { identity, invitationId } = invitedMember();
    const member = gatewayFor(kit, identity, { regions: ["us-east-1"] });
    const invitations = await member.execute<{
      invitations: { accountId: string; invitationId: string }[];
    }>("{ invitations { region accountId invitationId relationshipStatus } }");
    expect(invitations.data?.invitations).toContainEqual(
      expect.objectContaining({ accountId: kit.administrator.accountId, invitationId }),
    );
    const detectorId = identity.detectorIds["us-east-1"];
    const accepted = await member.execute<{
      acceptAdministratorInvitation: Record<string, unknown>;
    }>(ACCEPT, {
      input: { detectorId, administratorId: kit.administrator.accountId, invitationId },
    });
    expect(accepted.errors).toBeUndefined();
    expect(accepted.data?.acceptAdministratorInvitation).toEqual({
      __typename: "AcceptAdministratorInvitationPayload",
      detector: {
        detectorId,
        administrator: { accountId: kit.administrator.accountId, relationshipStatus: "Enabled" },
      },
      administrator: {
        accountId: kit.administrator.accountId,
        invitationId,
        relationshipStatus: "Enabled",
      },
    });
    const seen = await admin.execute<{ detector: { member: Record<string, unknown> } }>(
      memberStatus,
      {
        id: kit.administrator.detectorIds["us-east-1"],
        account: identity.accountId,
      },
    );
    expect(seen.data?.detector.member).toEqual({
      relationshipStatus: "Enabled",
      detectorId,
      administratorId: kit.administrator.accountId,
    });
    const calls = (await kit.calls()).map((c) => c.operation);
    expect(calls).toContain("AcceptAdministratorInvitation");
    expect(calls).not.toContain("AcceptInvitation");
    member.close();
  });

  it("disassociates as the member, and the administrator then sees it Resigned", async () => {
    const { identity, invitationId } = invitedMember();
    const member = gatewayFor(kit, identity, { regions: ["us-east-1"] });
    const detectorId = identity.detectorIds["us-east-1"];
    await member.execute(ACCEPT, {
      input: { detectorId, administratorId: kit.administrator.accountId, invitationId },
    });
    const left = await member.execute<{
      disassociateFromAdministratorAccount: Record<string, unknown>;
    }>(DISASSOCIATE, {
      input: { detectorId },
    });
    expect(left.data?.disassociateFromAdministratorAccount).toEqual({
      __typename: "DisassociateFromAdministratorAccountPayload",
      detector: { detectorId, administrator: null },
    });
    const seen = await admin.execute<{ detector: { member: { relationshipStatus: string } } }>(
      memberStatus,
      {
        id: kit.administrator.detectorIds["us-east-1"],
        account: identity.accountId,
      },
    );
    expect(seen.data?.detector.member.relationshipStatus).toBe("Resigned");
    const again = await member.execute<{
      disassociateFromAdministratorAccount: { __typename: string };
    }>(DISASSOCIATE, {
      input: { detectorId },
    });
    expect(again.data?.disassociateFromAdministratorAccount.__typename).toBe("NotAssociatedError");
    expect((await kit.calls()).map((c) => c.operation)).not.toContain(
      "DisassociateFromMasterAccount",
    );
    member.close();
  });

  it("reports a wrong invitation as a typed error", async () => {
    const { identity } = invitedMember();
    const member = gatewayFor(kit, identity, { regions: ["us-east-1"] });
    const result = await member.execute<{
      acceptAdministratorInvitation: { __typename: string; message: string };
    }>(ACCEPT, {
      input: {
        detectorId: identity.detectorIds["us-east-1"],
        administratorId: kit.administrator.accountId,
        invitationId: "0000000000000000000000000000dead",
      },
    });
    expect(result.errors).toBeUndefined();
    expect(result.data?.acceptAdministratorInvitation.__typename).toBe("InvitationNotFoundError");
    member.close();
  });

  it("refuses malformed mutation input as InvalidInputError with no upstream call", async () => {
    const { identity } = invitedMember();
    const member = gatewayFor(kit, identity, { regions: ["us-east-1"] });
    const result = await member.execute<{
      acceptAdministratorInvitation: { __typename: string; message: string };
    }>(ACCEPT, {
      input: {
        detectorId: identity.detectorIds["us-east-1"],
        administratorId: "123",
        invitationId: "x",
      },
    });
    expect(result.data?.acceptAdministratorInvitation.__typename).toBe("InvalidInputError");
    expect(result.data?.acceptAdministratorInvitation.message).toMatch(/administratorId.*12-digit/);
    expect(await kit.calls()).toEqual([]);
    const left = await member.execute<{
      disassociateFromAdministratorAccount: { __typename: string; message: string };
    }>(DISASSOCIATE, { input: { detectorId: "bad/id" } });
    expect(left.data?.disassociateFromAdministratorAccount.__typename).toBe("InvalidInputError");
    expect(left.data?.disassociateFromAdministratorAccount.message).toMatch(/detector id/);
    const feedback = await member.execute<{ updateFindingsFeedback: { __typename: string } }>(
      `mutation($input: UpdateFindingsFeedbackInput!) { updateFindingsFeedback(input: $input) { __typename } }`,
      {
        input: {
          detectorId: identity.detectorIds["us-east-1"],
          findingIds: ["abc"],
          feedback: "USEFUL",
          comments: "x".repeat(1001),
        },
      },
    );
    expect(feedback.data?.updateFindingsFeedback.__typename).toBe("InvalidInputError");
    expect(await kit.calls()).toEqual([]);
    member.close();
  });
});

const ARCHIVE = `mutation($input: FindingsInput!) {
  archiveFindings(input: $input) {
    __typename
    ... on FindingsPayload { findings { findingId archived service { archived } } }
    ... on MutationError { message }
  }
}`;

describe("finding mutations", () => {
  const adminDetector = () => kit.administrator.detectorIds["us-east-1"] as string;
  const activeIds = (count: number) =>
    [...(kit.sandbox.world.detectors.get(adminDetector())?.findings.values() ?? [])]
      .filter((f) => !f.service.archived)
      .slice(0, count)
      .map((f) => f.id);

  it("archives findings and answers with them re-read", async () => {
    const ids = activeIds(3);
    const result = await admin.execute<{
      archiveFindings: { findings: { findingId: string; archived: boolean }[] };
    }>(ARCHIVE, { input: { detectorId: adminDetector(), findingIds: ids } });
    expect(result.errors).toBeUndefined();
    expect(result.data?.archiveFindings.findings).toEqual(
      ids.map((findingId) => ({ findingId, archived: true, service: { archived: true } })),
    );
    const calls = await kit.calls();
    expect(calls.filter((c) => c.operation === "ArchiveFindings").map((c) => c.itemCount)).toEqual([
      3,
    ]);
    expect(calls.filter((c) => c.operation === "GetFindings")).toHaveLength(1);
  });

  it("unarchives and records feedback", async () => {
    const ids = activeIds(2);
    await admin.execute(ARCHIVE, { input: { detectorId: adminDetector(), findingIds: ids } });
    const back = await admin.execute<{ unarchiveFindings: { findings: { archived: boolean }[] } }>(
      `mutation($input: FindingsInput!) { unarchiveFindings(input: $input) { ... on FindingsPayload { findings { archived } } } }`,
      { input: { detectorId: adminDetector(), findingIds: ids } },
    );
    expect(back.data?.unarchiveFindings.findings).toEqual([
      { archived: false },
      { archived: false },
    ]);
    const feedback = await admin.execute<{
      updateFindingsFeedback: { findings: { service: { userFeedback: string } }[] };
    }>(
      `mutation($input: UpdateFindingsFeedbackInput!) { updateFindingsFeedback(input: $input) { ... on FindingsPayload { findings { service { userFeedback } } } } }`,
      {
        input: {
          detectorId: adminDetector(),
          findingIds: ids,
          feedback: "NOT_USEFUL",
          comments: "expected scanner",
        },
      },
    );
    expect(feedback.data?.updateFindingsFeedback.findings).toEqual([
      { service: { userFeedback: "NOT_USEFUL" } },
      { service: { userFeedback: "NOT_USEFUL" } },
    ]);
  });

  it("refuses 51 ids before any call, and reports a member's archive as NotAllowedError", async () => {
    const tooMany = await admin.execute<{
      archiveFindings: { __typename: string; message: string };
    }>(ARCHIVE, {
      input: {
        detectorId: adminDetector(),
        findingIds: Array.from({ length: 51 }, (_, i) => `f${i}`),
      },
    });
    expect(tooMany.data?.archiveFindings.__typename).toBe("InvalidInputError");
    expect(await kit.calls()).toEqual([]);

    const enabled = kit.sandbox.world.relationships.find(
      (r) => r.region === "us-east-1" && r.relationshipStatus === "Enabled",
    );
    const identity = kit.members.find(
      (m) => m.accountId === enabled?.memberAccountId,
    ) as PublicIdentity;
    const memberDetector = identity.detectorIds["us-east-1"] as string;
    const own = [...(kit.sandbox.world.detectors.get(memberDetector)?.findings.keys() ?? [])].slice(
      0,
      1,
    );
    expect(own).toHaveLength(1);
    const member = gatewayFor(kit, identity, { regions: ["us-east-1"] });
    const refused = await member.execute<{ archiveFindings: { __typename: string } }>(ARCHIVE, {
      input: { detectorId: memberDetector, findingIds: own },
    });
    expect(refused.data?.archiveFindings.__typename).toBe("NotAllowedError");
    member.close();
  });
});
