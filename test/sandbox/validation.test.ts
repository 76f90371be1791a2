/**
 * Server-side validation: the JS SDK checks nothing, so every model constraint must come back from
 * the sandbox as HTTP 400 BadRequestException naming the parameter, the error GuardDuty's API
 * reference documents for invalid input.
 * Requests the SDK cannot express (unknown criteria operators, bodies without required members on
 * body-less calls, broken JSON) are sent raw with fetch.
 */
import {
  AcceptAdministratorInvitationCommand,
  AcceptInvitationCommand,
  ArchiveFindingsCommand,
  CreateSampleFindingsCommand,
  GetFindingsCommand,
  GetFindingsStatisticsCommand,
  GetMembersCommand,
  GetRemainingFreeTrialDaysCommand,
  type GuardDutyClient,
  ListDetectorsCommand,
  ListFindingsCommand,
  ListInvitationsCommand,
  ListMembersCommand,
  UnarchiveFindingsCommand,
  UpdateFindingsFeedbackCommand,
} from "@aws-sdk/client-guardduty";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PublicIdentity } from "../../src/sandbox/sandbox.js";
import { type SandboxKit, startSandbox } from "../kit/sandbox.js";
import { expectBadRequest, rejection } from "../kit/sdk.js";

const US = "us-east-1";

let kit: SandboxKit;
let admin: GuardDutyClient;
let detectorId: string;
let findingId: string;
let memberAccountId: string;

beforeAll(async () => {
  kit = await startSandbox();
  admin = kit.client(kit.administrator, US);
  detectorId = kit.administrator.detectorIds[US] as string;
  const detector = kit.sandbox.world.detectors.get(detectorId);
  findingId = [...(detector?.findings.keys() ?? [])][0] as string;
  memberAccountId = kit.members[0]?.accountId as string;
});

afterAll(async () => {
  await kit?.close();
});

function authorization(identity: PublicIdentity = kit.administrator, region = US): string {
  return `AWS4-HMAC-SHA256 Credential=${identity.accessKeyId}/20261128/${region}/guardduty/aws4_request, SignedHeaders=host, Signature=0`;
}

interface RawAnswer {
  status: number;
  errorType: string | null;
  contentType: string | null;
  body: { message?: string; __type?: string };
}

async function raw(
  method: string,
  path: string,
  options: { body?: string; headers?: Record<string, string>; auth?: boolean } = {},
): Promise<RawAnswer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.auth !== false) headers.authorization = authorization();
  if (options.body !== undefined && !("content-type" in headers)) {
    headers["content-type"] = "application/json";
  }
  const response = await fetch(`${kit.url}${path}`, {
    method,
    headers,
    ...(options.body === undefined ? {} : { body: options.body }),
  });
  const text = await response.text();
  return {
    status: response.status,
    errorType: response.headers.get("x-amzn-errortype"),
    contentType: response.headers.get("content-type"),
    body: text ? JSON.parse(text) : {},
  };
}

function expectRawBadRequest(answer: RawAnswer, parameter: string): void {
  expect(answer.status).toBe(400);
  expect(answer.errorType).toBe("BadRequestException");
  expect(answer.body.__type).toBe("InvalidInputException");
  expect(answer.body.message).toContain(parameter);
}

const ids = (count: number, prefix = "a") =>
  Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(31, "0")}`);
const accounts = (count: number) =>
  Array.from({ length: count }, (_, i) => String(100000000000 + i));

describe("list sizes", () => {
  it("rejects 51 findingIds on GetFindings, ArchiveFindings, UnarchiveFindings and feedback", async () => {
    const findingIds = ids(51);
    await expectBadRequest(
      admin.send(new GetFindingsCommand({ DetectorId: detectorId, FindingIds: findingIds })),
      "findingIds",
    );
    await expectBadRequest(
      admin.send(new ArchiveFindingsCommand({ DetectorId: detectorId, FindingIds: findingIds })),
      "findingIds",
    );
    await expectBadRequest(
      admin.send(new UnarchiveFindingsCommand({ DetectorId: detectorId, FindingIds: findingIds })),
      "findingIds",
    );
    await expectBadRequest(
      admin.send(
        new UpdateFindingsFeedbackCommand({
          DetectorId: detectorId,
          FindingIds: findingIds,
          Feedback: "USEFUL",
        }),
      ),
      "findingIds",
    );
  });

  it("accepts exactly 50 findingIds", async () => {
    const out = await admin.send(
      new GetFindingsCommand({ DetectorId: detectorId, FindingIds: [findingId, ...ids(49)] }),
    );
    expect(out.Findings?.map((f) => f.Id)).toEqual([findingId]);
  });

  const badAccountLists: [string, () => string[]][] = [
    ["an 11-character account id", () => [memberAccountId, "12345678901"]],
    ["a 13-character account id", () => ["1234567890123"]],
    ["an empty list", () => []],
    ["51 account ids", () => accounts(51)],
  ];
  for (const [name, accountIds] of badAccountLists) {
    it(`rejects accountIds with ${name} on GetMembers and GetRemainingFreeTrialDays`, async () => {
      await expectBadRequest(
        admin.send(new GetMembersCommand({ DetectorId: detectorId, AccountIds: accountIds() })),
        "accountIds",
      );
      await expectBadRequest(
        admin.send(
          new GetRemainingFreeTrialDaysCommand({
            DetectorId: detectorId,
            AccountIds: accountIds(),
          }),
        ),
        "accountIds",
      );
    });
  }

  it("rejects a finding type longer than 100 characters and an unsupported one", async () => {
    await expectBadRequest(
      admin.send(
        new CreateSampleFindingsCommand({
          DetectorId: detectorId,
          FindingTypes: ["x".repeat(101)],
        }),
      ),
      "findingTypes",
    );
    await expectBadRequest(
      admin.send(
        new CreateSampleFindingsCommand({
          DetectorId: detectorId,
          FindingTypes: ["Backdoor:EC2/NoSuchThing"],
        }),
      ),
      "findingTypes",
    );
  });
});

describe("maxResults ranges", () => {
  for (const value of [0, 51]) {
    it(`rejects maxResults ${value} on ListFindings, ListDetectors, ListMembers, ListInvitations`, async () => {
      await expectBadRequest(
        admin.send(new ListFindingsCommand({ DetectorId: detectorId, MaxResults: value })),
        "maxResults",
      );
      await expectBadRequest(
        admin.send(new ListDetectorsCommand({ MaxResults: value })),
        "maxResults",
      );
      await expectBadRequest(
        admin.send(new ListMembersCommand({ DetectorId: detectorId, MaxResults: value })),
        "maxResults",
      );
      await expectBadRequest(
        admin.send(new ListInvitationsCommand({ MaxResults: value })),
        "maxResults",
      );
    });
  }

  it("accepts the bounds 1 and 50", async () => {
    const one = await admin.send(
      new ListFindingsCommand({ DetectorId: detectorId, MaxResults: 1 }),
    );
    expect(one.FindingIds).toHaveLength(1);
    const fifty = await admin.send(
      new ListFindingsCommand({ DetectorId: detectorId, MaxResults: 50 }),
    );
    expect(fifty.FindingIds).toHaveLength(50);
  });

  it("rejects statistics maxResults 101 and 0 but accepts 100", async () => {
    for (const value of [101, 0]) {
      await expectBadRequest(
        admin.send(
          new GetFindingsStatisticsCommand({
            DetectorId: detectorId,
            GroupBy: "SEVERITY",
            MaxResults: value,
          }),
        ),
        "maxResults",
      );
    }
    const out = await admin.send(
      new GetFindingsStatisticsCommand({
        DetectorId: detectorId,
        GroupBy: "SEVERITY",
        MaxResults: 100,
      }),
    );
    expect(out.FindingStatistics?.GroupedBySeverity?.length).toBeGreaterThan(0);
  });
});

describe("enums and statistics forms", () => {
  it("rejects an unknown feedback", async () => {
    await expectBadRequest(
      admin.send(
        new UpdateFindingsFeedbackCommand({
          DetectorId: detectorId,
          FindingIds: [findingId],
          Feedback: "MEH" as never,
        }),
      ),
      "feedback",
    );
  });

  it("rejects an unknown orderBy and groupBy", async () => {
    await expectBadRequest(
      admin.send(
        new GetFindingsStatisticsCommand({
          DetectorId: detectorId,
          GroupBy: "SEVERITY",
          OrderBy: "UP" as never,
        }),
      ),
      "orderBy",
    );
    await expectBadRequest(
      admin.send(
        new GetFindingsStatisticsCommand({ DetectorId: detectorId, GroupBy: "COLOR" as never }),
      ),
      "groupBy",
    );
  });

  it("rejects an unknown sortCriteria orderBy", async () => {
    await expectBadRequest(
      admin.send(
        new ListFindingsCommand({
          DetectorId: detectorId,
          SortCriteria: { AttributeName: "severity", OrderBy: "SIDEWAYS" as never },
        }),
      ),
      "sortCriteria.orderBy",
    );
  });

  it("rejects groupBy together with findingStatisticTypes", async () => {
    const error = await rejection(
      admin.send(
        new GetFindingsStatisticsCommand({
          DetectorId: detectorId,
          GroupBy: "SEVERITY",
          FindingStatisticTypes: ["COUNT_BY_SEVERITY"],
        }),
      ),
    );
    expect(error.name).toBe("BadRequestException");
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error.message).toContain("groupBy");
    expect(error.message).toContain("findingStatisticTypes");
  });

  it("rejects neither groupBy nor findingStatisticTypes", async () => {
    const error = await rejection(
      admin.send(new GetFindingsStatisticsCommand({ DetectorId: detectorId })),
    );
    expect(error.name).toBe("BadRequestException");
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error.message).toContain("groupBy");
    expect(error.message).toContain("findingStatisticTypes");
  });

  it("rejects an unknown findingStatisticTypes value", async () => {
    await expectBadRequest(
      admin.send(
        new GetFindingsStatisticsCommand({
          DetectorId: detectorId,
          FindingStatisticTypes: ["COUNT_BY_COLOR" as never],
        }),
      ),
      "findingStatisticTypes",
    );
  });
});

describe("missing required members", () => {
  it("rejects GetFindings, ArchiveFindings and UnarchiveFindings without findingIds", async () => {
    const noIds = { DetectorId: detectorId } as never;
    await expectBadRequest(admin.send(new GetFindingsCommand(noIds)), "findingIds");
    await expectBadRequest(admin.send(new ArchiveFindingsCommand(noIds)), "findingIds");
    await expectBadRequest(admin.send(new UnarchiveFindingsCommand(noIds)), "findingIds");
  });

  it("rejects UpdateFindingsFeedback without feedback or without findingIds", async () => {
    await expectBadRequest(
      admin.send(
        new UpdateFindingsFeedbackCommand({
          DetectorId: detectorId,
          FindingIds: [findingId],
        } as never),
      ),
      "feedback",
    );
    await expectBadRequest(
      admin.send(
        new UpdateFindingsFeedbackCommand({ DetectorId: detectorId, Feedback: "USEFUL" } as never),
      ),
      "findingIds",
    );
  });

  it("rejects GetMembers and GetRemainingFreeTrialDays without accountIds", async () => {
    const noAccounts = { DetectorId: detectorId } as never;
    await expectBadRequest(admin.send(new GetMembersCommand(noAccounts)), "accountIds");
    await expectBadRequest(
      admin.send(new GetRemainingFreeTrialDaysCommand(noAccounts)),
      "accountIds",
    );
  });

  it("rejects the accept operations without the administrator id or the invitation id", async () => {
    const member = kit.members[0] as PublicIdentity;
    const client = kit.client(member, US);
    const memberDetector = member.detectorIds[US] as string;
    await expectBadRequest(
      client.send(
        new AcceptAdministratorInvitationCommand({
          DetectorId: memberDetector,
          InvitationId: "0".repeat(32),
        } as never),
      ),
      "administratorId",
    );
    await expectBadRequest(
      client.send(
        new AcceptAdministratorInvitationCommand({
          DetectorId: memberDetector,
          AdministratorId: kit.administrator.accountId,
        } as never),
      ),
      "invitationId",
    );
    await expectBadRequest(
      client.send(
        new AcceptInvitationCommand({
          DetectorId: memberDetector,
          InvitationId: "0".repeat(32),
        } as never),
      ),
      "masterId",
    );
  });

  it("rejects raw requests whose body lacks the required members", async () => {
    expectRawBadRequest(
      await raw("POST", `/detector/${detectorId}/findings/get`, { body: "{}" }),
      "findingIds",
    );
    expectRawBadRequest(
      await raw("POST", `/detector/${detectorId}/findings/get`, {
        body: JSON.stringify({ findingIds: null }),
      }),
      "findingIds",
    );
    // No body and no content type at all, as the SDKs send body-less operations.
    expectRawBadRequest(await raw("POST", `/detector/${detectorId}/member/get`), "accountIds");
    const member = kit.members[0] as PublicIdentity;
    const answer = await fetch(`${kit.url}/detector/${member.detectorIds[US]}/administrator`, {
      method: "POST",
      headers: { authorization: authorization(member) },
    });
    expect(answer.status).toBe(400);
    expect(answer.headers.get("x-amzn-errortype")).toBe("BadRequestException");
    expect(((await answer.json()) as { message: string }).message).toContain("administratorId");
  });

  it("rejects an over-long detector id", async () => {
    expectRawBadRequest(await raw("GET", `/detector/${"a".repeat(301)}`), "detectorId");
  });
});

describe("pagination tokens", () => {
  it("rejects a forged nextToken on every list operation", async () => {
    await expectBadRequest(
      admin.send(new ListFindingsCommand({ DetectorId: detectorId, NextToken: "forged-token" })),
      "nextToken",
    );
    await expectBadRequest(
      admin.send(new ListDetectorsCommand({ NextToken: "forged" })),
      "nextToken",
    );
    await expectBadRequest(
      admin.send(new ListMembersCommand({ DetectorId: detectorId, NextToken: "forged" })),
      "nextToken",
    );
    await expectBadRequest(
      admin.send(new ListInvitationsCommand({ NextToken: "forged" })),
      "nextToken",
    );
  });

  it("rejects a real token used by another account, region or operation", async () => {
    const page = await admin.send(
      new ListFindingsCommand({ DetectorId: detectorId, MaxResults: 5 }),
    );
    const token = page.NextToken as string;
    expect(token).toBeTruthy();
    const euDetector = kit.administrator.detectorIds["eu-west-1"] as string;
    await expectBadRequest(
      kit
        .client(kit.administrator, "eu-west-1")
        .send(new ListFindingsCommand({ DetectorId: euDetector, NextToken: token })),
      "nextToken",
    );
    await expectBadRequest(
      admin.send(new ListMembersCommand({ DetectorId: detectorId, NextToken: token })),
      "nextToken",
    );
    const standaloneDetector = kit.standalone.detectorIds[US] as string;
    await expectBadRequest(
      kit
        .client(kit.standalone, US)
        .send(new ListFindingsCommand({ DetectorId: standaloneDetector, NextToken: token })),
      "nextToken",
    );
    // The token still works where it was issued.
    const next = await admin.send(
      new ListFindingsCommand({ DetectorId: detectorId, MaxResults: 5, NextToken: token }),
    );
    expect(next.FindingIds).toHaveLength(5);
    expect(next.FindingIds).not.toEqual(page.FindingIds);
  });
});

describe("finding criteria", () => {
  it("rejects an unknown operator (sent raw: the SDK drops unmodeled members)", async () => {
    expectRawBadRequest(
      await raw("POST", `/detector/${detectorId}/findings`, {
        body: JSON.stringify({ findingCriteria: { criterion: { severity: { between: [1, 2] } } } }),
      }),
      "findingCriteria.criterion.severity.between",
    );
    expectRawBadRequest(
      await raw("POST", `/detector/${detectorId}/findings/statistics`, {
        body: JSON.stringify({
          groupBy: "SEVERITY",
          findingCriteria: { criterion: { type: { matches: ["Recon:*"] } } },
        }),
      }),
      "findingCriteria.criterion.type.matches",
    );
  });

  it("rejects a non-number in gte and greaterThan", async () => {
    await expectBadRequest(
      admin.send(
        new ListFindingsCommand({
          DetectorId: detectorId,
          FindingCriteria: { Criterion: { severity: { Gte: "seven" as never } } },
        }),
      ),
      "findingCriteria.criterion.severity.gte",
    );
    expectRawBadRequest(
      await raw("POST", `/detector/${detectorId}/findings`, {
        body: JSON.stringify({
          findingCriteria: { criterion: { updatedAt: { greaterThan: "yesterday" } } },
        }),
      }),
      "findingCriteria.criterion.updatedAt.greaterThan",
    );
  });

  it("rejects an epoch-millisecond value in a deprecated 32-bit operator", async () => {
    await expectBadRequest(
      admin.send(
        new ListFindingsCommand({
          DetectorId: detectorId,
          FindingCriteria: { Criterion: { updatedAt: { Gt: 1_790_000_000_000 } } },
        }),
      ),
      "findingCriteria.criterion.updatedAt.gt",
    );
  });

  it("rejects an attribute GuardDuty does not document, in ListFindings and statistics", async () => {
    await expectBadRequest(
      admin.send(
        new ListFindingsCommand({
          DetectorId: detectorId,
          FindingCriteria: {
            Criterion: { "resource.s3BucketDetails.nickname": { Equals: ["x"] } },
          },
        }),
      ),
      "resource.s3BucketDetails.nickname is not a finding attribute",
    );
    await expectBadRequest(
      admin.send(
        new GetFindingsStatisticsCommand({
          DetectorId: detectorId,
          GroupBy: "SEVERITY",
          FindingCriteria: { Criterion: { "service.secret": { Equals: ["x"] } } },
        }),
      ),
      "service.secret is not a finding attribute",
    );
    // The real service's body: the modeled name in the header, InvalidInputException in __type.
    expectRawBadRequest(
      await raw("POST", `/detector/${detectorId}/findings`, {
        body: JSON.stringify({
          findingCriteria: { criterion: { severityLevel: { eq: ["HIGH"] } } },
        }),
      }),
      "severityLevel is not a finding attribute",
    );
  });

  it("accepts the documented attributes the old list left out", async () => {
    const page = await admin.send(
      new ListFindingsCommand({
        DetectorId: detectorId,
        FindingCriteria: {
          Criterion: {
            "resource.s3BucketDetails.name": { NotEquals: ["no-such-bucket"] },
            "resource.eksClusterDetails.name": { NotEquals: ["no-such-cluster"] },
          },
        },
        MaxResults: 50,
      }),
    );
    expect(page.FindingIds?.length).toBeGreaterThan(0);
  });

  it("rejects equals with non-string values and a condition with no operator", async () => {
    await expectBadRequest(
      admin.send(
        new ListFindingsCommand({
          DetectorId: detectorId,
          FindingCriteria: { Criterion: { severity: { Equals: [8] as never } } },
        }),
      ),
      "findingCriteria.criterion.severity.equals",
    );
    await expectBadRequest(
      admin.send(
        new ListFindingsCommand({
          DetectorId: detectorId,
          FindingCriteria: { Criterion: { severity: {} } },
        }),
      ),
      "findingCriteria.criterion.severity",
    );
  });
});

describe("raw HTTP", () => {
  it("answers an unknown route with 404 and x-amzn-errortype", async () => {
    const answer = await raw("GET", "/no/such/route");
    expect(answer.status).toBe(404);
    expect(answer.errorType).toBeTruthy();
    expect(answer.contentType).toMatch(/^application\/json/);
    expect(answer.body.message).toContain("/no/such/route");
  });

  it("answers a wrong method with 405 naming the allowed one", async () => {
    const answer = await raw("PUT", "/detector", { body: "{}" });
    expect(answer.status).toBe(405);
    expect(answer.errorType).toBeTruthy();
    expect(answer.body.message).toContain("GET");
  });

  it("rejects a malformed JSON body with 400 BadRequestException", async () => {
    expectRawBadRequest(
      await raw("POST", `/detector/${detectorId}/findings`, { body: '{"maxResults": 5,' }),
      "JSON",
    );
  });

  it("rejects a JSON body that is not an object", async () => {
    expectRawBadRequest(
      await raw("POST", `/detector/${detectorId}/findings`, { body: "[1,2,3]" }),
      "object",
    );
  });

  it("rejects a non-JSON content type with 400", async () => {
    expectRawBadRequest(
      await raw("POST", `/detector/${detectorId}/findings/get`, {
        body: JSON.stringify({ findingIds: [findingId] }),
        headers: { "content-type": "text/plain" },
      }),
      "content type",
    );
  });

  it("rejects a request without Authorization with 403", async () => {
    const answer = await raw("GET", "/detector", { auth: false });
    expect(answer.status).toBe(403);
    expect(answer.errorType).toBe("MissingAuthenticationTokenException");
  });

  it("rejects credentials scoped to another service with 403", async () => {
    const answer = await raw("GET", "/detector", {
      auth: false,
      headers: {
        authorization: `AWS4-HMAC-SHA256 Credential=${kit.administrator.accessKeyId}/20261128/${US}/s3/aws4_request, SignedHeaders=host, Signature=0`,
      },
    });
    expect(answer.status).toBe(403);
    expect(answer.errorType).toBe("InvalidSignatureException");
  });

  it("rejects broken percent-encoding in a path label with 400", async () => {
    const answer = await raw("GET", "/detector/%E0%A4%A");
    expect(answer.status).toBe(400);
    expect(answer.errorType).toBe("BadRequestException");
  });

  it("still answers a normal ListDetectors after all of the above", async () => {
    const out = await admin.send(new ListDetectorsCommand({}));
    expect(out.DetectorIds).toEqual([detectorId]);
    const page = await admin.send(new ListFindingsCommand({ DetectorId: detectorId }));
    expect(page.FindingIds).toHaveLength(50);
  });
});
