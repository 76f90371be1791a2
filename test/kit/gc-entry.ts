/**
 * The real gateway entry (src/server.ts: gateway + embedded sandbox) with one addition for
 * tests: over the IPC channel, "measure" forces a full garbage collection and answers with
 * `process.memoryUsage()`. Run with `node --expose-gc --import tsx` and an "ipc" stdio slot;
 * nothing of this is in the production code.
 */
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with --expose-gc");
const collect = gc;

process.on("message", (message) => {
  if (message !== "measure") return;
  // Two passes: the first can leave objects that only the second finds unreachable; the pause
  // lets sockets and timers of the last requests close, then a last pass collects them.
  collect();
  collect();
  setTimeout(() => {
    collect();
    process.send?.({ kind: "memory", usage: process.memoryUsage() });
  }, 500);
});

await import("../../src/server.js");
