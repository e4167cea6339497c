/**
 * A retired model's fix said for a config a program gave as an object (`startGateway({ config })`):
 * no `openclaw` command reaches an object, so the fix is the edit of its dotted paths, with the
 * values to write. The start's warnings (onboard/retired-chain.ts) and a retired id's 404 hint
 * (runtime/retired-not-found.ts) say it in these words.
 */
import type { OpenClawConfig } from "../config/index.js";
import { shellWord } from "../util/shell-word.js";
import { primaryModelPath } from "./no-default-hint.js";

/**
 * How a fix is said: as the commands to run (`prefix`: the words a shell needs before
 * `openclaw`, such as `OPENCLAW_STATE_DIR=… `), or, for a config a program gave as an object
 * (`configObject`: how to name it), as the edit of that object: no command reaches it.
 */
export interface RetiredFixWords {
  prefix?: string;
  configObject?: string;
  /** With `configObject`: what lists the ids a key may use (a gateway's onDiscovery report). */
  idsListedBy?: string;
}

/**
 * The edit that takes the default chain's member `ref` (the primary when `primary`, else a
 * fallback) to `replacement`, in `where` (how the object is named): `set
 * agents.defaults.model.primary to "moonshot/kimi-k2.5" in …`, or `take "…" out of
 * agents.defaults.model.fallbacks and add "…" to it in …`. `chain`: the chain's refs, primary first.
 */
export function objectChainEdit(
  config: OpenClawConfig,
  chain: ReadonlyArray<string | undefined>,
  primary: boolean,
  ref: string,
  replacement: string,
  where: string,
): string {
  const quoted = JSON.stringify(replacement);
  if (primary) {
    const set = `set ${primaryModelPath(config)} to ${quoted}`;
    const moved = chain.indexOf(replacement, 1) > 0;
    return `${set}${moved ? ` and take ${quoted} out of agents.defaults.model.fallbacks` : ""} in ${where}`;
  }
  const remove = `take ${JSON.stringify(ref)} out of agents.defaults.model.fallbacks`;
  if (chain.includes(replacement))
    return `${remove} in ${where} (${replacement} is in the chain already)`;
  return `${remove} and add ${quoted} to it in ${where}`;
}

/**
 * The edit that gives the alias `name` (quoted as written: `"turbo"`) to `replacement`: `move
 * "turbo" to agents.defaults.models["moonshot/kimi-k2.5"].alias in …`.
 */
export function objectAliasEdit(name: string, replacement: string, where: string): string {
  return `move ${name} to agents.defaults.models[${JSON.stringify(replacement)}].alias in ${where}`;
}

/**
 * The commands that give the alias `name` (quoted as written: `"turbo"`) to `replacement` in a
 * config file. The alias names the retired model, and `models aliases add` refuses a name that
 * names another model, so the commands take it off that model first: `openclaw models aliases
 * remove "turbo", then: openclaw models aliases add "turbo" moonshot/kimi-k2.5`. `prefix`: the
 * words a shell needs before `openclaw`; `replaced`: the alias `replacement` has now, which the
 * add takes the place of (a model has one alias), said so that it is no surprise; `first`: the
 * commands to run before those (see alias-move-chain.ts).
 */
export function aliasMoveCommands(
  name: string,
  replacement: string,
  options: { prefix?: string; replaced?: string; first?: readonly string[] } = {},
): string {
  const { prefix = "", replaced, first = [] } = options;
  const aliases = `${prefix}openclaw models aliases`;
  const note =
    replaced === undefined
      ? ""
      : ` (in place of its alias ${JSON.stringify(replaced)}: a model has one)`;
  return [
    ...first,
    `${aliases} remove ${name}`,
    `${aliases} add ${name} ${shellWord(replacement)}${note}`,
  ].join(", then: ");
}
