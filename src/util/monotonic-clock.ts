/**
 * Milliseconds on a clock that only moves forward: the wall time when the process started, then
 * advanced by performance.now(). A wall-clock step (NTP correcting a drifted VM, a laptop waking
 * up, someone setting the time) neither stretches nor cuts short a wait measured with it: a
 * model's cooldown of 10 s stays 10 s instead of an hour more after the clock went back an hour.
 */
export function monotonicNow(): number {
  // Whole milliseconds, as Date.now() gives: latencies measured with it are printed (`agent
  // --json`'s latencyMs, the ledger), and 22.175048828125 there is noise, not precision.
  return Math.round(performance.timeOrigin + performance.now());
}
