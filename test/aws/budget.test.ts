import { GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";
import { createUpstreamBudget } from "../../src/aws/budget.js";
import { createUpstream, requestUpstream } from "../../src/aws/client.js";

const site = { operation: "GetFindings", region: "us-east-1" };

describe("the per-request budget of GuardDuty calls", () => {
  it("counts calls up to its limit, then refuses each further one with UPSTREAM_BUDGET_EXCEEDED", () => {
    const budget = createUpstreamBudget(2);
    budget.spend(site);
    budget.spend(site);
    expect(budget.used).toBe(2);
    for (let i = 0; i < 2; i += 1) {
      let refused: unknown;
      try {
        budget.spend(site);
      } catch (error) {
        refused = error;
      }
      expect(refused).toBeInstanceOf(GraphQLError);
      expect((refused as GraphQLError).extensions).toEqual({
        code: "UPSTREAM_BUDGET_EXCEEDED",
        maxUpstreamCalls: 2,
        operation: "GetFindings",
        region: "us-east-1",
      });
    }
    expect(budget.used).toBe(2);
  });

  it("refuses a limit that is not a whole number of calls", () => {
    expect(() => createUpstreamBudget(0)).toThrow(RangeError);
    expect(() => createUpstreamBudget(1.5)).toThrow(RangeError);
  });

  it("stops a call through the request's upstream before it is sent", async () => {
    const clients = createUpstream({ regions: ["us-east-1"], endpoint: "http://127.0.0.1:9" });
    const budget = createUpstreamBudget(1);
    const upstream = requestUpstream(clients, { beforeCall: (call) => budget.spend(call) });
    const sent: string[] = [];
    const send = async () => {
      sent.push("sent");
      return "answer";
    };
    await expect(upstream.call(site, send)).resolves.toBe("answer");
    await expect(upstream.call(site, send)).rejects.toMatchObject({
      extensions: { code: "UPSTREAM_BUDGET_EXCEEDED" },
    });
    expect(sent).toEqual(["sent"]);
    clients.destroy();
  });
});
