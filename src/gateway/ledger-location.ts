/** Where the usage ledger lives; shared by the gateway that writes it and the report that reads it. */
import { join } from "node:path";
import { type LoadedConfig, type OpenClawConfig, requireVariables } from "../config/index.js";

/** `gateway.ledger.path`, else `<state dir>/usage.sqlite`. */
export function ledgerLocation(config: OpenClawConfig, stateDir: string): string {
  return config.gateway?.ledger?.path ?? join(stateDir, "usage.sqlite");
}

/**
 * The ledger of a loaded config: throws MissingVariableError when `gateway.ledger.path` names a
 * variable that is not set, rather than using the path as written (`${LEDGER_DIR}/usage.sqlite`).
 */
export function configuredLedgerPath(loaded: LoadedConfig, stateDir: string): string {
  requireVariables(loaded, "gateway.ledger.path");
  return ledgerLocation(loaded.config, stateDir);
}
