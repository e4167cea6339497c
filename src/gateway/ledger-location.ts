/** Where the usage ledger lives; shared by the gateway that writes it and the report that reads it. */
import { join } from "node:path";
import type { OpenClawConfig } from "../config/index.js";

/** `gateway.ledger.path`, else `<state dir>/usage.sqlite`. */
export function ledgerLocation(config: OpenClawConfig, stateDir: string): string {
  return config.gateway?.ledger?.path ?? join(stateDir, "usage.sqlite");
}
