import { createServer } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type GatewayKit, gatewayFor, operations, SANDBOX_SETTINGS } from "../kit/gateway.js";
import { type SandboxKit, startSandbox } from "../kit/sandbox.js";

let kit: SandboxKit;
/** The gateway as `npm start` runs it against the sandbox (1 MiB bodies). */
let gateway: GatewayKit;
/** The same with room for 16 MiB bodies, to show the messages stay short behind the body limit. */
let roomy: GatewayKit;
let detectorId: string;

beforeAll(async () => {
  kit = await startSandbox({ findingsPerDetector: 20 });
  gateway = gatewayFor(kit, kit.administrator, { regions: ["us-east-1"] });
  roomy = gatewayFor(kit, kit.administrator, {
    regions: ["us-east-1"],
    gateway: { ...SANDBOX_SETTINGS, maxBodyBytes: 16 * 1024 * 1024 },
  });
  detectorId = kit.administrator.detectorIds["us-east-1"] as string;
});
afterAll(async () => {
  gateway.close();
  roomy.close();
  await kit.close();
});
beforeEach(async () => {
  await kit.control("PUT", "/_sandbox/faults", []);
  await kit.clearCalls();
});

interface Answer {
  status: number;
  text: string;
  body: {
    data?: Record<string, unknown> | null;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
  };
}

async function post(
  target: GatewayKit,
  query: string,
  variables?: Record<string, unknown>,
  accept = "application/graphql-response+json",
): Promise<Answer> {
  const response = await target.fetch("/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", accept },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) };
}

async function expectStillServing(target: GatewayKit = gateway): Promise<void> {
  const ok = await target.execute<{ detectors: { region: string }[] }>("{ detectors { region } }");
  expect(ok.errors).toBeUndefined();
  expect(ok.data?.detectors).toEqual([{ region: "us-east-1" }]);
}

const MB5 = "x".repeat(5 * 1024 * 1024);
const KB100 = (letter: string) => letter.repeat(100_000);

interface HostileCase {
  name: string;
  target: () => GatewayKit;
  query: string;
  variables?: () => Record<string, unknown>;
  status: number;
  code: string;
  calls: string[];
  /** A run of the client's value that must not come back. */
  echo: string;
}

const onDetector = (selection: string) =>
  `query($id: String!, $v: String) { detector(detectorId: $id, region: "us-east-1") { ${selection} } }`;

const hostile: HostileCase[] = [
  {
    name: "a 5 MB string in an Int variable",
    target: () => roomy,
    query: "query($n: Int) { detectors { findings(first: $n) { edges { cursor } } } }",
    variables: () => ({ n: MB5 }),
    status: 400,
    code: "GRAPHQL_VALIDATION_FAILED",
    calls: [],
    echo: "x".repeat(100),
  },
  {
    name: "a 5 MB detector id variable",
    target: () => roomy,
    query: "query($id: String!) { detector(detectorId: $id) { region } }",
    variables: () => ({ id: MB5 }),
    status: 200,
    code: "BAD_USER_INPUT",
    calls: [],
    echo: "x".repeat(100),
  },
  {
    name: "a 5 MB enum variable",
    target: () => roomy,
    query:
      "query($g: FindingStatisticsGroupBy!) { detectors { statistics(groupBy: $g) { groupBy } } }",
    variables: () => ({ g: MB5 }),
    status: 400,
    code: "GRAPHQL_VALIDATION_FAILED",
    calls: [],
    echo: "x".repeat(100),
  },
  {
    name: "a 5 MB global id",
    target: () => roomy,
    query: "query($id: ID!) { node(id: $id) { id } }",
    variables: () => ({ id: MB5 }),
    status: 200,
    code: "BAD_USER_INPUT",
    calls: [],
    echo: "x".repeat(100),
  },
  {
    name: "a 5 MB variable at the default body limit",
    target: () => gateway,
    query: "query($id: String!) { detector(detectorId: $id) { region } }",
    variables: () => ({ id: MB5 }),
    status: 413,
    code: "PAYLOAD_TOO_LARGE",
    calls: [],
    echo: "x".repeat(100),
  },
  {
    name: "a 100 KB inline detector id",
    target: () => gateway,
    query: `{ detector(detectorId: "${KB100("z")}") { region } }`,
    status: 200,
    code: "BAD_USER_INPUT",
    calls: [],
    echo: "z".repeat(100),
  },
  {
    name: "a 100 KB field name",
    target: () => gateway,
    query: `{ detectors { ${KB100("y")} } }`,
    status: 400,
    code: "GRAPHQL_VALIDATION_FAILED",
    calls: [],
    echo: "y".repeat(100),
  },
  {
    name: "a 100 KB string where a name belongs",
    target: () => gateway,
    query: `{ "${KB100("w")}" }`,
    status: 400,
    code: "GRAPHQL_PARSE_FAILED",
    calls: [],
    echo: "w".repeat(100),
  },
  {
    name: "a 100 KB Int literal",
    target: () => gateway,
    query: `{ detectors { findings(first: ${KB100("9")}) { edges { cursor } } } }`,
    status: 400,
    code: "GRAPHQL_VALIDATION_FAILED",
    calls: [],
    echo: "9".repeat(100),
  },
  {
    name: "a 100 KB variable name",
    target: () => gateway,
    query: `query($${KB100("v")}: Int) { detectors { region } }`,
    status: 400,
    code: "GRAPHQL_VALIDATION_FAILED",
    calls: [],
    echo: "v".repeat(100),
  },
  {
    name: "a 100 KB cursor",
    target: () => gateway,
    query: onDetector("findings(after: $v) { edges { cursor } }"),
    variables: () => ({ id: detectorId, v: KB100("c") }),
    status: 200,
    code: "BAD_USER_INPUT",
    calls: [],
    echo: "c".repeat(100),
  },
  {
    name: "a 100 KB region",
    target: () => gateway,
    query: "query($r: String) { invitations(region: $r) { region } }",
    variables: () => ({ r: KB100("r") }),
    status: 200,
    code: "NOT_FOUND",
    calls: [],
    echo: "r".repeat(100),
  },
  {
    name: "a 100 KB DateTime",
    target: () => gateway,
    query:
      "query($t: DateTime) { detectors { findings(filter: { updatedAfter: $t }) { edges { cursor } } } }",
    variables: () => ({ t: KB100("t") }),
    status: 400,
    code: "BAD_USER_INPUT",
    calls: [],
    echo: "t".repeat(100),
  },
  {
    name: "a 100 KB filter attribute",
    target: () => gateway,
    query: onDetector(
      'findings(filter: { conditions: [{ attribute: $v, equals: ["x"] }] }) { edges { cursor } }',
    ).replace("$v: String", "$v: String!"),
    variables: () => ({ id: detectorId, v: KB100("a") }),
    status: 200,
    code: "BAD_USER_INPUT",
    calls: [],
    echo: "a".repeat(100),
  },
  {
    name: "fifty 10 KB account ids in a filter",
    target: () => gateway,
    query: onDetector("findings(filter: { accountIds: $ids }) { edges { cursor } }").replace(
      "$v: String",
      "$ids: [String!]",
    ),
    variables: () => ({
      id: detectorId,
      ids: Array.from({ length: 50 }, (_, i) => `${i}`.padEnd(10_000, "8")),
    }),
    status: 200,
    code: "BAD_USER_INPUT",
    calls: [],
    echo: "8".repeat(100),
  },
  {
    name: "a 100 KB finding ARN",
    target: () => gateway,
    query: "query($arn: String!) { finding(arn: $arn) { findingId } }",
    variables: () => ({ arn: `arn:aws:guardduty:${KB100("q")}` }),
    status: 200,
    code: "BAD_USER_INPUT",
    calls: [],
    echo: "q".repeat(100),
  },
  {
    name: "a 100 KB member account id",
    target: () => gateway,
    query: onDetector("member(accountId: $v) { accountId }").replace("$v: String", "$v: String!"),
    variables: () => ({ id: detectorId, v: KB100("m") }),
    status: 200,
    code: "BAD_USER_INPUT",
    calls: [],
    echo: "m".repeat(100),
  },
  {
    name: "a 100 KB federation representation id",
    target: () => gateway,
    query: "query($reps: [_Any!]!) { _entities(representations: $reps) { __typename } }",
    variables: () => ({ reps: [{ __typename: "Finding", id: KB100("e") }] }),
    status: 200,
    code: "BAD_USER_INPUT",
    calls: [],
    echo: "e".repeat(100),
  },
];

describe("errors quote client input by a short prefix only", () => {
  it.each(hostile)("$name", async (row) => {
    const target = row.target();
    const answer = await post(target, row.query, row.variables?.());
    expect(answer.status).toBe(row.status);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe(row.code);
    expect(answer.text).not.toContain(row.echo);
    // A few hundred bytes of error, whatever the size of the input.
    expect(answer.text.length).toBeLessThan(2_000);
    expect(await operations(kit)).toEqual(row.calls);
    await expectStillServing(target);
  });

  it("still names the value it refuses, by a recognisable prefix", async () => {
    const answer = await post(
      gateway,
      "query($id: String!) { detector(detectorId: $id) { region } }",
      { id: `not/a/detector-${"x".repeat(1_000)}` },
    );
    expect(answer.body.errors?.[0]?.message).toMatch(
      /^"not\/a\/detector-x+…" \(1015 characters\) is not a GuardDuty detector id/,
    );
  });
});

/** What the sandbox answers with must not reach a client: an IAM principal, an account, an endpoint. */
const PRINCIPAL = "arn:aws:iam::999988887777:role/GuardDutyGatewayRole";
const ENDPOINT = "vpce-0f00d1e2a3b4c5d6e.guardduty.us-east-1.vpce.amazonaws.com";
const SECRETS = [PRINCIPAL, "999988887777", "GuardDutyGatewayRole", ENDPOINT, "vpce-"];
const awsMessage = (text: string) =>
  `User: ${PRINCIPAL} ${text} (via ${ENDPOINT}) in account 999988887777`;

interface FaultCase {
  name: string;
  rule: { operation: string; status: number; code: string; message: string };
  query: string;
  code: string;
  calls: string[];
}

const faultCases: FaultCase[] = [
  {
    name: "access denied on ListDetectors",
    rule: {
      operation: "ListDetectors",
      status: 403,
      code: "AccessDeniedException",
      message: awsMessage("is not authorized to perform: guardduty:ListDetectors"),
    },
    query: "{ detectors { region } }",
    code: "FORBIDDEN",
    calls: ["ListDetectors"],
  },
  {
    name: "throttling on GetDetector",
    rule: {
      operation: "GetDetector",
      status: 429,
      code: "TooManyRequestsException",
      message: awsMessage("exceeded the request rate"),
    },
    query: "{ detectors { status } }",
    code: "UPSTREAM_THROTTLED",
    calls: ["ListDetectors", "GetDetector"],
  },
  {
    name: "an internal error on ListFindings",
    rule: {
      operation: "ListFindings",
      status: 500,
      code: "InternalServerErrorException",
      message: awsMessage("hit an internal error"),
    },
    query: "{ detectors { findings(first: 2) { edges { cursor } } } }",
    code: "UPSTREAM_UNAVAILABLE",
    calls: ["ListDetectors", "ListFindings"],
  },
  {
    name: "a detector not owned by the account",
    rule: {
      operation: "GetDetector",
      status: 400,
      code: "BadRequestException",
      message: awsMessage(
        "The request is rejected because the input detectorId is not owned by the current account.",
      ),
    },
    query: "{ detectors { status } }",
    code: "NOT_FOUND",
    calls: ["ListDetectors", "GetDetector"],
  },
  {
    name: "a bad request on GetFindingsStatistics",
    rule: {
      operation: "GetFindingsStatistics",
      status: 400,
      code: "BadRequestException",
      message: awsMessage("sent an invalid parameter"),
    },
    query: "{ detectors { statistics(groupBy: SEVERITY) { groupBy } } }",
    code: "BAD_USER_INPUT",
    calls: ["ListDetectors", "GetFindingsStatistics"],
  },
  {
    name: "a missing resource on ListMembers",
    rule: {
      operation: "ListMembers",
      status: 404,
      code: "ResourceNotFoundException",
      message: awsMessage("asked for a resource that does not exist"),
    },
    query: "{ detectors { members(first: 2) { edges { cursor } } } }",
    code: "NOT_FOUND",
    calls: ["ListDetectors", "ListMembers"],
  },
  {
    name: "an error GuardDuty does not model",
    rule: {
      operation: "ListDetectors",
      status: 418,
      code: "Teapot",
      message: awsMessage("is a teapot"),
    },
    query: "{ detectors { region } }",
    code: "INTERNAL_SERVER_ERROR",
    calls: ["ListDetectors"],
  },
];

describe("GuardDuty's own messages go to the log, not to clients", () => {
  it.each(faultCases)("$name", async (row) => {
    await kit.control("PUT", "/_sandbox/faults", [{ ...row.rule, probability: 1 }]);
    const before = gateway.logged.length;
    const answer = await post(gateway, row.query);
    expect(answer.status).toBe(200);
    const error = answer.body.errors?.[0];
    expect(error?.extensions?.code).toBe(row.code);
    for (const secret of SECRETS) expect(answer.text).not.toContain(secret);
    expect(await operations(kit)).toEqual(row.calls);
    if (row.code !== "INTERNAL_SERVER_ERROR") {
      expect(error?.message).toMatch(new RegExp(`${row.rule.operation} in us-east-1`));
      expect(error?.extensions).toMatchObject({
        awsErrorCode: row.rule.code,
        awsRequestId: expect.any(String),
        operation: row.rule.operation,
        region: "us-east-1",
      });
    }
    expect(gateway.logged.length).toBeGreaterThan(before);
    expect(gateway.logText()).toContain(PRINCIPAL);
    await kit.control("PUT", "/_sandbox/faults", []);
    await expectStillServing();
  });

  it("a member restriction on a mutation is a NotAllowedError in our words", async () => {
    await kit.control("PUT", "/_sandbox/faults", [
      {
        operation: "ArchiveFindings",
        probability: 1,
        status: 400,
        code: "BadRequestException",
        message: awsMessage("cannot archive findings as a member account"),
      },
    ]);
    const answer = await post(
      gateway,
      `mutation($input: FindingsInput!) { archiveFindings(input: $input) { __typename ... on MutationError { message } } }`,
      { input: { detectorId, findingIds: ["abc"] } },
    );
    expect(answer.status).toBe(200);
    expect(answer.body.data?.archiveFindings).toEqual({
      __typename: "NotAllowedError",
      message: expect.stringMatching(/member account restriction/),
    });
    for (const secret of SECRETS) expect(answer.text).not.toContain(secret);
    expect(await operations(kit)).toEqual(["GetDetector", "ArchiveFindings"]);
    expect(gateway.logText()).toContain(PRINCIPAL);
    await kit.control("PUT", "/_sandbox/faults", []);
    await expectStillServing();
  });

  it("a refused connection to GuardDuty names neither the host nor the port", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const unreachable = gatewayFor(kit, kit.administrator, {
      regions: ["us-east-1"],
      endpoint: `http://127.0.0.1:${port}`,
    });
    const answer = await post(unreachable, "{ detectors { region } }");
    expect(answer.status).toBe(200);
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({
      code: "UPSTREAM_UNAVAILABLE",
      operation: "ListDetectors",
      region: "us-east-1",
    });
    expect(answer.text).not.toContain(String(port));
    expect(answer.text).not.toContain("127.0.0.1");
    expect(answer.text).not.toContain("ECONNREFUSED");
    expect(unreachable.logText()).toContain(`127.0.0.1:${port}`);
    expect(await operations(kit)).toEqual([]);
    unreachable.close();
    await expectStillServing();
  });
});

const level = (inner: string) => `findings(first: 1) { edges { node { detector { ${inner} } } } }`;

const limitCases: { limit: string; query: string; message: RegExp }[] = [
  {
    limit: "depth",
    query: `{ detectors { ${level(level(level(level("detectorId"))))} } }`,
    message: /^Query is too deep: depth \d+, the limit is 15$/,
  },
  {
    limit: "aliases",
    query: `{ ${Array.from({ length: 201 }, (_, i) => `a${i}: detectors { region }`).join(" ")} }`,
    message: /^Query has too many aliases: 201, the limit is 200$/,
  },
  {
    limit: "tokens",
    query: `{ detectors { ${"region ".repeat(5_000)} } }`,
    message: /^Query is too long: more than 5000 tokens, the limit is 5000$/,
  },
  {
    limit: "directives",
    query: `{ detectors { region ${"@include(if: true) ".repeat(51)} } }`,
    message: /^Query has too many directives: 51, the limit is 50$/,
  },
  {
    limit: "cost",
    query:
      "{ detectors { findings(first: 50) { edges { node { detector { members(first: 50) { edges { node { freeTrial { features { name } } } } } } } } } } }",
    message: /^Query is too expensive: cost \d+, the limit is 100000$/,
  },
];

describe("query limits answer 400 with a message that names the limit", () => {
  it.each(limitCases)("$limit", async (row) => {
    for (const accept of ["application/json", "application/graphql-response+json"]) {
      const answer = await post(gateway, row.query, undefined, accept);
      expect(answer.status).toBe(400);
      const error = answer.body.errors?.[0];
      expect(error?.message).toMatch(row.message);
      expect(error?.message).not.toMatch(/Syntax Error/);
      expect(error?.extensions).toMatchObject({
        code: "GRAPHQL_VALIDATION_FAILED",
        limit: row.limit,
      });
    }
    expect(await operations(kit)).toEqual([]);
    await expectStillServing();
  });
});

describe("introspection, field suggestions and GraphiQL are switches, off by default", () => {
  let locked: GatewayKit;
  beforeAll(() => {
    // createGateway's own defaults: nothing passed but the upstream and the log.
    locked = gatewayFor(kit, kit.administrator, { regions: ["us-east-1"], gateway: {} });
  });
  afterAll(() => locked.close());

  it.each([
    ["__schema", "{ __schema { queryType { name } } }"],
    ["__type", '{ __type(name: "Finding") { name } }'],
  ])("refuses %s when introspection is off", async (_name, query) => {
    const answer = await post(locked, query);
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(answer.body.errors?.[0]?.message).toMatch(/introspection/i);
    expect(answer.text).not.toContain('queryType":{');
    expect(await operations(kit)).toEqual([]);
    await expectStillServing(locked);
  });

  it("answers introspection when it is on", async () => {
    const answer = await post(gateway, '{ __type(name: "Finding") { name } }');
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual({ __type: { name: "Finding" } });
  });

  it("still gives a federation router `_service { sdl }` and `__typename`", async () => {
    const answer = await post(locked, "{ __typename _service { sdl } }");
    expect(answer.status).toBe(200);
    const data = answer.body.data as { __typename: string; _service: { sdl: string } };
    expect(data.__typename).toBe("Query");
    expect(data._service.sdl).toMatch(/type Finding implements Node[\s\S]*@key/);
    expect(await operations(kit)).toEqual([]);
  });

  it("suggests fields only when suggestions are on", async () => {
    const off = await post(locked, "{ detectors { regin } }");
    expect(off.status).toBe(400);
    expect(off.body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(off.body.errors?.[0]?.message).toBe('Cannot query field "regin" on type "Detector".');
    expect(off.text).not.toMatch(/Did you mean|"region"/);
    const on = await post(gateway, "{ detectors { regin } }");
    expect(on.body.errors?.[0]?.message).toMatch(/Did you mean "region"\?/);
    expect(await operations(kit)).toEqual([]);
    await expectStillServing(locked);
  });

  it("serves GraphiQL only when it is on", async () => {
    const off = await locked.fetch("/graphql", { headers: { accept: "text/html" } });
    // Yoga answers a browser's page request it cannot serve with 406 Not Acceptable.
    expect(off.status).toBe(406);
    expect(off.headers.get("content-type") ?? "").not.toMatch(/html/);
    expect(await off.text()).not.toMatch(/<html/i);
    const on = await gateway.fetch("/graphql", { headers: { accept: "text/html" } });
    expect(on.status).toBe(200);
    expect(on.headers.get("content-type")).toMatch(/text\/html/);
    expect(await operations(kit)).toEqual([]);
    await expectStillServing(locked);
  });
});
