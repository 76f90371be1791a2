import type { RunningHttpServer } from "./server.js";

/** Exit status when a shutdown had to cut requests still in flight (a supervisor sees a failure). */
export const EXIT_DRAIN_INCOMPLETE = 3;
/** Exit status after a fatal error (state may be half-changed), however the drain went. */
export const EXIT_FATAL = 1;
/** After the grace period, how long the cut requests and clean-up may take before a hard exit. */
const STOP_MARGIN_MS = 5_000;

/**
 * Returns `stop(why, exitCode?)`: drain the HTTP server for up to `graceMs`, run `cleanUp`
 * (upstream clients, the embedded sandbox), then exit with `exitCode`, or by default 0, or
 * EXIT_DRAIN_INCOMPLETE if requests had to be cut. A second call ends the grace period at once.
 */
export function gracefulStop(
  http: RunningHttpServer,
  graceMs: number,
  cleanUp: () => Promise<void>,
): (why: string, exitCode?: number) => void {
  let stopping = false;
  return (why, exitCode) => {
    if (stopping) {
      console.log(`${why} again: cutting the requests still in flight`);
      http.expireGrace();
      return;
    }
    stopping = true;
    console.log(`${why}: draining ${http.inFlight()} request(s) in flight for up to ${graceMs} ms`);
    setTimeout(
      () => process.exit(exitCode ?? EXIT_DRAIN_INCOMPLETE),
      graceMs + STOP_MARGIN_MS,
    ).unref();
    http
      .shutdown(graceMs)
      .then(async (outcome) => {
        await cleanUp();
        console.log(
          outcome.drained
            ? `Stopped: ${outcome.inFlightAtStart} request(s) finished during the drain`
            : `Stopped: ${outcome.cut} of ${outcome.inFlightAtStart} request(s) cut with SHUTTING_DOWN after ${graceMs} ms`,
        );
        process.exit(exitCode ?? (outcome.drained ? 0 : EXIT_DRAIN_INCOMPLETE));
      })
      .catch((error: unknown) => {
        console.error("Shutdown failed", error);
        process.exit(exitCode ?? EXIT_DRAIN_INCOMPLETE);
      });
  };
}

/** SIGTERM or SIGINT stops gracefully; a second signal cuts what is still in flight. */
export function exitOnSignals(stop: (why: string) => void): void {
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}
