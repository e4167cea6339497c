/** The international and the China simulator, started before the tests of a scope and closed after. */
import { afterAll, beforeAll } from "vitest";
import { type Simulator, startSimulator } from "../simulator/index.js";

export interface RegionSimulators {
  readonly ai: Simulator;
  readonly cn: Simulator;
  /**
   * The variables that point the built-in providers at these simulators: Moonshot international
   * and China, and Kimi Code (served by the international one).
   */
  endpointEnv(): Record<string, string>;
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
    endpointEnv: () => ({
      OPENCLAW_MOONSHOT_AI_BASE_URL: started(ai).moonshotBaseUrl,
      OPENCLAW_MOONSHOT_CN_BASE_URL: started(cn).moonshotBaseUrl,
      OPENCLAW_KIMI_CODE_BASE_URL: started(ai).kimiCodeBaseUrl,
    }),
  };
}
