/**
 * GraphiQL as a person uses it, in a real headless Chromium against a real gateway on loopback:
 * the page loads without a request leaving the machine, its tabs are the example operations, a
 * typed query runs and shows data, the docs explorer opens on `Finding`. It also measures what a
 * first visit and a reload cost on the wire (the gateway's own count of bytes sent, workers
 * included) and how long until the editor takes input, and leaves a screenshot in
 * test-output/. Needs Debian's `chromium` at /usr/bin/chromium; without it the file is skipped
 * loudly, except under CI=true where it must run.
 */
import { existsSync, mkdirSync } from "node:fs";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleOperations, firstOperationName } from "../../src/http/graphiql-tabs.js";
import { operations } from "../kit/gateway.js";
import { type ServedGateway, serveGateway } from "../kit/http.js";
import { type SandboxKit, startSandbox } from "../kit/sandbox.js";

const CHROMIUM = "/usr/bin/chromium";
const IN_CI = process.env.CI === "true";
const HAVE_CHROMIUM = existsSync(CHROMIUM);
if (!HAVE_CHROMIUM && !IN_CI) {
  console.warn(
    `\n*** graphiql-usage.browser.test.ts: ${CHROMIUM} is missing; SKIPPING the real-browser tests ***\n` +
      "*** (apt-get install -y chromium; under CI=true they run and fail instead)                  ***\n",
  );
}
const describeBrowser = HAVE_CHROMIUM || IN_CI ? describe : describe.skip;

const US = "us-east-1";
const OUTPUT_DIR = new URL("../../test-output/", import.meta.url);
const PAGE_TIMEOUT_MS = 90_000;
const TEST_TIMEOUT_MS = 240_000;
/** The budget: a first visit (workers included) and a reload. */
const FIRST_LOAD_BUDGET = 2_000_000;
const RELOAD_BUDGET = 50_000;

let kit: SandboxKit;
let gateway: ServedGateway;
let browser: Browser;
let detectorId: string;

/** Requests the page (or its workers) sent anywhere but the gateway. */
function watchForeignRequests(page: Page, origin: string): string[] {
  const foreign: string[] = [];
  page.context().on("request", (request) => {
    const url = request.url();
    if (!url.startsWith(`${origin}/`) && !url.startsWith("data:") && !url.startsWith("blob:"))
      foreign.push(url);
  });
  return foreign;
}

type Answer = ServedGateway["answered"][number];

function total(answers: readonly Answer[]): number {
  return answers.reduce((sum, answer) => sum + answer.bytes, 0);
}

/**
 * What loading the page costs (its GETs) apart from the schema GraphiQL then fetches with a
 * POST, which is a GraphQL answer like any other and compressed, or not, as those are.
 */
function split(answers: readonly Answer[]): { page: number; queries: number } {
  return {
    page: total(answers.filter((answer) => answer.method === "GET")),
    queries: total(answers.filter((answer) => answer.method !== "GET")),
  };
}

function describeAnswers(answers: readonly Answer[]): string {
  return answers
    .map((answer) => `${answer.method} ${answer.path} ${answer.status} ${answer.bytes}`)
    .join("\n  ");
}

/**
 * Waits until the page has fetched what it fetches: the schema query answered, the editor's
 * three workers running, and no new answer from the gateway for a second.
 */
async function settled(page: Page, start: number): Promise<void> {
  await expect.poll(() => page.workers().length, { timeout: PAGE_TIMEOUT_MS }).toBe(3);
  await expect
    .poll(() => gateway.answered.slice(start).some((answer) => answer.method === "POST"), {
      timeout: PAGE_TIMEOUT_MS,
    })
    .toBe(true);
  let seen = -1;
  while (seen !== gateway.answered.length) {
    seen = gateway.answered.length;
    await page.waitForTimeout(1_000);
  }
}

async function editorReady(page: Page): Promise<void> {
  await page
    .locator(".graphiql-query-editor .monaco-editor")
    .first()
    .waitFor({ timeout: PAGE_TIMEOUT_MS });
}

/** Replaces the active tab's operation, as a person does: click, select all, type. */
async function typeQuery(page: Page, query: string): Promise<void> {
  await page.locator(".graphiql-query-editor .monaco-editor").first().click();
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText(query);
}

describeBrowser("GraphiQL in headless Chromium, as a person uses it", () => {
  beforeAll(async () => {
    if (!HAVE_CHROMIUM) throw new Error(`CI=true but ${CHROMIUM} is missing`);
    kit = await startSandbox({ findingsPerDetector: 30 });
    detectorId = kit.administrator.detectorIds[US] as string;
    gateway = await serveGateway(kit, kit.administrator, {
      regions: [US],
      exampleDetector: { detectorId, region: US },
    });
    // A browser's first visit to a gateway that has been up a moment: the best brotli is ready.
    // (The process's very first visitor gets a quick brotli meanwhile: graphiql-assets.test.ts.)
    await gateway.precompressGraphiQL();
    browser = await chromium.launch({ executablePath: CHROMIUM });
    mkdirSync(OUTPUT_DIR, { recursive: true });
  }, TEST_TIMEOUT_MS);

  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
    await kit?.close();
  });

  it(
    "loads within budget from the gateway alone, opens on the example tabs, reloads from cache",
    async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const foreign = watchForeignRequests(page, gateway.origin);
      const firstStart = gateway.answered.length;
      const started = performance.now();
      await page.goto(`${gateway.origin}/graphql`, { timeout: PAGE_TIMEOUT_MS });
      await editorReady(page);
      const usableMs = performance.now() - started;
      // Every editor worker the page starts is fetched before it counts as loaded.
      await settled(page, firstStart);
      const firstRequests = gateway.answered.slice(firstStart);
      const first = split(firstRequests);

      // A fresh browser opens one tab per example operation, named after its first operation.
      const names = exampleOperations().map(({ document }) => firstOperationName(document));
      const tabs = page.locator(".graphiql-tab-button");
      await expect.poll(() => tabs.count()).toBe(names.length);
      const tabText = (await tabs.allTextContents()).join(" ");
      for (const name of names) expect(tabText).toContain(name);
      const reloadStart = gateway.answered.length;
      const reloadStarted = performance.now();
      await page.reload({ timeout: PAGE_TIMEOUT_MS });
      await editorReady(page);
      const reloadUsableMs = performance.now() - reloadStarted;
      await settled(page, reloadStart);
      const reloadRequests = gateway.answered.slice(reloadStart);
      const reload = split(reloadRequests);

      console.log(
        `GraphiQL first load: page ${first.page} bytes + schema query ${first.queries} bytes, editor usable after ${Math.round(usableMs)} ms\n  ${describeAnswers(firstRequests)}\n` +
          `reload: page ${reload.page} bytes + schema query ${reload.queries} bytes, editor usable after ${Math.round(reloadUsableMs)} ms\n  ${describeAnswers(reloadRequests)}`,
      );
      expect(foreign).toEqual([]);
      // The shell, three page scripts, the stylesheet and three workers, all from the gateway.
      const assetPaths = firstRequests
        .map((answer) => answer.path)
        .filter((path) => path.startsWith("/graphiql/assets/"));
      // The editor restarts its GraphQL worker once the schema arrives; Chromium may fetch
      // the file again if the first copy is not in its cache yet. The budget covers that.
      expect(new Set(assetPaths.filter((path) => path.includes(".worker."))).size).toBe(3);
      expect(first.page).toBeLessThanOrEqual(FIRST_LOAD_BUDGET);
      // A reload takes every asset from the cache.
      expect(
        reloadRequests.filter((answer) => answer.path.startsWith("/graphiql/assets/")),
      ).toEqual([]);
      // GraphiQL's POST to /graphql makes the browser drop its copy of the shell (RFC 9111,
      // section 4.4), so the reload fetches the small shell again; everything else is cached.
      expect(reloadRequests.filter((answer) => answer.method === "GET").map((a) => a.path)).toEqual(
        ["/graphql"],
      );
      expect(reload.page).toBeLessThanOrEqual(RELOAD_BUDGET);

      await context.close();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "runs a typed query, shows the data and opens the docs on Finding",
    async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const foreign = watchForeignRequests(page, gateway.origin);
      const problems: string[] = [];
      page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
      page.on("console", (message) => {
        if (message.type() === "error") problems.push(`console: ${message.text()}`);
      });
      await page.goto(`${gateway.origin}/graphql`, { timeout: PAGE_TIMEOUT_MS });
      await editorReady(page);
      await kit.clearCalls();

      await typeQuery(page, "query Mine { detectors { region detectorId } }");
      // GraphiQL re-reads the operation name a moment after typing; a person sees the tab's
      // title change before pressing run.
      await page
        .locator(".graphiql-tab-active, .graphiql-tab[aria-selected=true]")
        .getByText("Mine")
        .first()
        .waitFor({ timeout: PAGE_TIMEOUT_MS });
      await page.locator(".graphiql-execute-button").click();
      const resultPane = page.locator(".graphiql-response");
      await resultPane.getByText(detectorId).first().waitFor({ timeout: PAGE_TIMEOUT_MS });
      expect((await resultPane.textContent())?.replace(/\s+/g, " ")).toContain(`"region": "${US}"`);
      expect(await operations(kit)).toContain("ListDetectors");

      // The docs explorer, from its sidebar button, down to the Finding type.
      await page.locator('button[aria-label="Show Documentation Explorer"]').click();
      const search = page
        .locator(".graphiql-doc-explorer-search-input input, .graphiql-doc-explorer-search input")
        .first();
      await search.click();
      await search.fill("Finding");
      await page
        .locator(".graphiql-doc-explorer-search [role=option], .graphiql-doc-explorer-search li")
        .filter({ hasText: /^Finding$/ })
        .first()
        .click();
      await page
        .locator(".graphiql-doc-explorer-title")
        .getByText("Finding", { exact: true })
        .waitFor({ timeout: PAGE_TIMEOUT_MS });
      await page.screenshot({ path: new URL("graphiql.png", OUTPUT_DIR).pathname, fullPage: true });

      expect(foreign).toEqual([]);
      expect(problems).toEqual([]);
      await context.close();
    },
    TEST_TIMEOUT_MS,
  );
});
