/**
 * Where the value onboarding reads from a key variable (`MOONSHOT_API_KEY`) is set: the shell,
 * or the config's `env` block, which fills in only what the shell lacks (the spec page's snippet
 * puts the key there). Onboarding names it when it offers, uses or refuses that key.
 */
import { type Env, formatOrigin, type LoadedConfig, locateConfigValue } from "../config/index.js";

export interface EnvKeyPlace {
  /** `$MOONSHOT_API_KEY` for the shell's variable; `env.MOONSHOT_API_KEY` (or `env.vars.…`) for the config's. */
  name: string;
  /** The config entry's `file:line` (the file alone when its line is not found); none for the shell. */
  at: string | undefined;
}

export function envKeyPlace(envVar: string, processEnv: Env, loaded: LoadedConfig): EnvKeyPlace {
  if (processEnv[envVar] !== undefined && processEnv[envVar] !== "") {
    return { name: `$${envVar}`, at: undefined };
  }
  // Not in the shell: the config's env block set it (env.vars.<NAME> wins over env.<NAME>).
  const vars = loaded.config.env?.vars;
  const inVars = typeof vars === "object" && vars !== null && typeof vars[envVar] === "string";
  const configPath = inVars ? ["env", "vars", envVar] : ["env", envVar];
  const origin = locateConfigValue(loaded.path, configPath);
  return { name: configPath.join("."), at: origin ? formatOrigin(origin) : loaded.path };
}

/** `$MOONSHOT_API_KEY`, or `env.MOONSHOT_API_KEY at <file>:<line>`: where the key was read. */
export function envKeyPlaceText(place: EnvKeyPlace): string {
  return place.at === undefined ? place.name : `${place.name} at ${place.at}`;
}
