/** The benchmark's markdown: one row per scenario and client, the runs side by side. */

export type ClientName = "gateway" | "direct SDK" | "plain fetch";

export interface Run {
  connections: number;
  /** Answered within the run. */
  requests: number;
  /** Sent, including those still unanswered when the run ended (their CPU is counted too). */
  sent: number;
  seconds: number;
  /** Milliseconds. */
  p50: number;
  p99: number;
  /** CPU milliseconds the measured process used during the run. */
  cpuMs: number;
  /** Non-2xx answers, answers with GraphQL errors, socket errors and timeouts. */
  failures: number;
}

export interface Row {
  scenario: string;
  client: ClientName;
  /** GuardDuty calls one request made, and the fewest it can make. */
  calls: string;
  /** Size of one answer in KB, when measured. */
  answerKb?: number;
  runs: Run[];
  rssBeforeMb: number;
  rssAfterMb: number;
  /** Why the row has no runs, or what went wrong in them. */
  note?: string;
}

export const requestsPerSecond = (run: Run) => run.requests / run.seconds;
export const cpuPerRequest = (run: Run) => (run.sent > 0 ? run.cpuMs / run.sent : Number.NaN);

const fixed = (value: number, digits: number) =>
  Number.isFinite(value) ? value.toFixed(digits) : "–";

/** Milliseconds with a precision that suits their size. */
const ms = (value: number) => fixed(value, value < 10 ? 1 : 0);

function runCell(run: Run | undefined): string {
  if (!run) return "";
  const failed = run.failures > 0 ? ` (${run.failures} failed)` : "";
  return `${fixed(requestsPerSecond(run), 0)} · ${ms(run.p50)}/${ms(run.p99)}${failed}`;
}

export function markdownTable(rows: readonly Row[], connections: readonly number[]): string {
  const header = [
    "scenario",
    "client",
    "upstream calls (min)",
    "answer KB",
    ...connections.map((c) => `${c} conn: req/s · p50/p99 ms`),
    `CPU ms/request (${connections.join("/")} conn)`,
    "RSS MB before → after",
  ];
  const lines = [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`];
  for (const row of rows) {
    const byConnections = (c: number) => row.runs.find((run) => run.connections === c);
    const cells =
      row.note && row.runs.length === 0
        ? [row.note, ...connections.slice(1).map(() => ""), "", ""]
        : [
            ...connections.map((c) => runCell(byConnections(c))),
            connections
              .map((c) => {
                const run = byConnections(c);
                return run ? fixed(cpuPerRequest(run), 2) : "–";
              })
              .join(" / "),
            `${fixed(row.rssBeforeMb, 0)} → ${fixed(row.rssAfterMb, 0)}`,
          ];
    lines.push(
      `| ${[
        row.scenario,
        row.client,
        row.calls,
        row.answerKb === undefined ? "" : fixed(row.answerKb, row.answerKb < 10 ? 1 : 0),
        ...cells,
      ].join(" | ")} |`,
    );
  }
  return lines.join("\n");
}

/** How the gateway compares with a reference client on the same scenario at `connections`. */
export function ratioLine(
  label: string,
  gateway: Row | undefined,
  reference: Row | undefined,
  connections: number,
): string {
  const mine = gateway?.runs.find((run) => run.connections === connections);
  const theirs = reference?.runs.find((run) => run.connections === connections);
  if (!mine || !theirs) return `- ${label}: not measured`;
  const throughput = requestsPerSecond(mine) / requestsPerSecond(theirs);
  const cpu = cpuPerRequest(mine) / cpuPerRequest(theirs);
  return `- ${label}, ${connections} connections: gateway throughput ${fixed(throughput, 2)}× the ${reference?.client} client's, gateway CPU per page ${fixed(cpu, 2)}× its CPU per page (${fixed(cpuPerRequest(mine), 2)} vs ${fixed(cpuPerRequest(theirs), 2)} ms)`;
}
