/** One simulator for the calling scope's tests: started before them, closed after. */
import { afterAll, beforeAll } from "vitest";
import { type Simulator, startSimulator } from "../simulator/index.js";
import type { SimulatorOptions } from "../simulator/types.js";

/**
 * Registers the hooks in the calling scope; `started` gets the simulator once it listens (keep it
 * in a `let` of the test file, read inside tests).
 */
export function withSimulator(
  started: (sim: Simulator) => void,
  options: SimulatorOptions = {},
): void {
  let sim: Simulator | undefined;
  beforeAll(async () => {
    sim = await startSimulator(options);
    started(sim);
  });
  afterAll(async () => {
    await sim?.close();
  });
}
