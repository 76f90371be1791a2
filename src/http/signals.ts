import type { RunningHttpServer } from "./server.js";

/** Exit status when a shutdown had to cut requests still in flight (a supervisor sees a failure). */
export const EXIT_DRAIN_INCOMPLETE = 3;
/** After the grace period, how long the cut requests and clean-up may take before a hard exit. */
const STOP_MARGIN_MS = 5_000;

/**
 * On SIGTERM or SIGINT: drain the HTTP server for up to `graceMs`, run `cleanUp` (upstream
 * clients, the embedded sandbox), then exit 0, or EXIT_DRAIN_INCOMPLETE if requests had to be
 * cut. A second signal ends the grace period at once.
 */
export function exitOnSignals(
  http: RunningHttpServer,
  graceMs: number,
  cleanUp: () => Promise<void>,
): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      console.log(`${signal} again: cutting the requests still in flight`);
      http.expireGrace();
      return;
    }
    stopping = true;
    console.log(
      `${signal}: draining ${http.inFlight()} request(s) in flight for up to ${graceMs} ms`,
    );
    setTimeout(() => process.exit(EXIT_DRAIN_INCOMPLETE), graceMs + STOP_MARGIN_MS).unref();
    http
      .shutdown(graceMs)
      .then(async (outcome) => {
        await cleanUp();
        const code = outcome.drained ? 0 : EXIT_DRAIN_INCOMPLETE;
        console.log(
          outcome.drained
            ? `Stopped: ${outcome.inFlightAtStart} request(s) finished during the drain`
            : `Stopped: ${outcome.cut} of ${outcome.inFlightAtStart} request(s) cut with SHUTTING_DOWN after ${graceMs} ms`,
        );
        process.exit(code);
      })
      .catch((error: unknown) => {
        console.error("Shutdown failed", error);
        process.exit(EXIT_DRAIN_INCOMPLETE);
      });
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}
