/** The international and the China simulator, started before the tests of a scope and closed after. */
import { afterAll, beforeAll } from "vitest";
import { type Simulator, startSimulator } from "../simulator/index.js";

export interface RegionSimulators {
  readonly ai: Simulator;
  readonly cn: Simulator;
}

/** Registers the hooks in the calling scope; read `ai`/`cn` inside tests, once they have started. */
export function regionSimulators(): RegionSimulators {
  let ai: Simulator | undefined;
  let cn: Simulator | undefined;
  beforeAll(async () => {
    ai = await startSimulator({ serveRetiredModels: true, region: "ai" });
    cn = await startSimulator({ serveRetiredModels: true, region: "cn" });
  });
  afterAll(async () => {
    await ai?.close();
    await cn?.close();
  });
  const started = (sim: Simulator | undefined): Simulator => {
    if (!sim) throw new Error("the region simulators start in beforeAll; read them inside a test");
    return sim;
  };
  return {
    get ai() {
      return started(ai);
    },
    get cn() {
      return started(cn);
    },
  };
}
