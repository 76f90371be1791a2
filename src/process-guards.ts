/**
 * Last-resort handlers for failures that escaped every request's own error handling. They are a
 * safety net, not a mechanism: each one is a bug, so each is logged loudly.
 *
 * - An unhandled rejection is a promise whose failure nobody awaited. Its request has already
 *   answered (or will, with its own error), and no state was left half-changed by it, so the
 *   process logs it and keeps serving: Node's default (exit) would turn one bad request into an
 *   outage for every user.
 * - An uncaught exception is a synchronous throw out of a callback: whatever that callback was
 *   changing may be half-done, so the process stops taking work, drains what is in flight
 *   (`onFatal`) and exits non-zero for its supervisor to restart it.
 */
export interface ProcessLike {
  on(event: "unhandledRejection", listener: (reason: unknown) => void): unknown;
  on(event: "uncaughtException", listener: (error: Error) => void): unknown;
}

export interface ProcessGuardOptions {
  log: (message: string, error: unknown) => void;
  /** Called once, on the first uncaught exception: drain and exit non-zero. */
  onFatal: () => void;
}

export function installProcessGuards(target: ProcessLike, options: ProcessGuardOptions): void {
  let fatal = false;
  target.on("unhandledRejection", (reason) => {
    options.log("BUG: a promise rejected with nobody awaiting it; still serving.", reason);
  });
  target.on("uncaughtException", (error) => {
    options.log("BUG: uncaught exception; draining in-flight requests, then exiting 1.", error);
    if (fatal) return;
    fatal = true;
    options.onFatal();
  });
}
