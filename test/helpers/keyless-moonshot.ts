/**
 * Moonshot at the simulator, with no key in the config: for library tests where the program's
 * own resolveKey (or the lookup under test) supplies the key.
 */
import { buildCatalog, type Catalog, loadConfigObject } from "../../src/index.js";
import type { Simulator } from "../simulator/index.js";

/** startGateway's `config`: moonshot at the simulator, no token asked of clients, no ledger. */
export function keylessGatewayConfig(sim: Simulator) {
  return {
    gateway: { auth: { mode: "none" as const }, ledger: { enabled: false } },
    models: { providers: { moonshot: { baseUrl: sim.moonshotBaseUrl } } },
  };
}

/** createRuntime's `catalog`: moonshot at the simulator, read with an empty environment. */
export function keylessCatalog(sim: Simulator): Catalog {
  return buildCatalog(
    loadConfigObject(
      { models: { providers: { moonshot: { baseUrl: sim.moonshotBaseUrl } } } },
      { env: {} },
    ),
  );
}
