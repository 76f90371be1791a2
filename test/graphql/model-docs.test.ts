import { describe, expect, it } from "vitest";
import { plainText, sdkDocs, summarize } from "../../src/graphql/model/docs.js";

describe("descriptions from the SDK's documentation", () => {
  it("turns the API reference's HTML into plain text", () => {
    expect(
      plainText(
        '<p>The <code>SHA256</code> hash of the <i>process</i> &amp; its <a href="https://docs.aws.amazon.com/x">parent</a>.</p> <p>Max values: 50</p>',
      ),
    ).toBe("The SHA256 hash of the process & its parent. Max values: 50");
  });

  it("keeps the first sentence, and the second when the first is short", () => {
    expect(summarize("The ID of the process. It is assigned by the kernel. Ignore this.")).toBe(
      "The ID of the process. It is assigned by the kernel.",
    );
    const long =
      "Information about the observed process, including its executable, its user and its parent. More here.";
    expect(summarize(long)).toBe(
      "Information about the observed process, including its executable, its user and its parent.",
    );
    expect(summarize("Use a name, e.g. Amazon Linux, for the image. Then more.")).toBe(
      "Use a name, e.g. Amazon Linux, for the image. Then more.",
    );
  });

  it("reads every member's documentation and deprecation from the SDK's declarations", () => {
    const docs = sdkDocs();
    expect(docs.get("ProcessDetails")?.members.get("ExecutableSha256")?.summary).toBe(
      "The SHA256 hash of the process executable.",
    );
    expect(docs.get("FindingStatistics")?.members.get("CountBySeverity")?.deprecated).toMatch(
      /GroupBy/,
    );
    for (const [shape, { members }] of docs) {
      for (const [member, doc] of members) {
        expect(doc.summary, `${shape}.${member}`).not.toMatch(/<\/?[a-z]+[ >]|&[a-z]+;/);
      }
    }
  });
});
