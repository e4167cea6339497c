/**
 * What a JavaScript caller hands the catalog's lookups (`resolveModel(catalog, input)` and its
 * kin) and `loadCatalog`, checked at the package's door: `resolveModel(catalog, 42)` or a
 * catalog left out failed deep inside with `TypeError: input.trim is not a function`, which says
 * neither which argument is wrong nor what to pass, and `loadCatalog({ configPath })` (the name
 * openRuntime takes) read the default config without a word. `loadConfig` and `loadConfigObject`
 * check their options the same way.
 */
import type { Env } from "../config/env.js";
import type { LoadOptions, ProviderProblems } from "../config/load.js";
import { OpenClawError } from "../errors.js";
import { checkOptionNames, type NamesMeant, type OptionNames } from "./option-names.js";
import { checkOptionTypes, type OptionTypes, optionType } from "./option-types.js";
import { passedValue } from "./passed-value.js";

const LOAD_OPTION_NAMES = {
  path: true,
  env: true,
  ifMissing: true,
  providerProblems: true,
} as const satisfies OptionNames<LoadOptions>;

/**
 * What env and path hold: `env: "production"` was read as an env with no variable set (the
 * default config loaded), `path: 42` failed in Node's path module naming `paths[0]`.
 */
const LOAD_OPTION_TYPES = {
  env: optionType.env,
  path: {
    shape: "the config file's path (a string)",
    holds: (value: unknown) => typeof value === "string",
  },
} as const satisfies OptionTypes<LoadOptions>;

/** The config file under validateConfig's name for it (`file`), or another tool's. */
const LOAD_NAMES_MEANT: NamesMeant = { file: "path", configFile: "path", configPath: "path" };

/** Throws (code `usage`) unless `catalog` is what loadCatalog or buildCatalog returns. */
export function checkCatalogArgument(call: string, catalog: unknown): void {
  const providers =
    typeof catalog === "object" && catalog !== null
      ? (catalog as { providers?: unknown }).providers
      : undefined;
  if (providers instanceof Map) return;
  throw new OpenClawError("usage", `${call} needs a catalog first, got ${passedValue(catalog)}`, {
    where: "catalog",
    hint: "pass what loadCatalog() (or buildCatalog(loadConfig())) returns",
  });
}

/** Throws (code `usage`) unless `input` is a string (or, when `optional`, left out). */
export function checkModelNameArgument(call: string, input: unknown, optional: boolean): void {
  if (typeof input === "string" || (optional && input === undefined)) return;
  throw new OpenClawError(
    "usage",
    `${call} needs a model ref or alias as a string, got ${passedValue(input)}`,
    {
      where: "input",
      hint: `pass one such as "moonshot/kimi-k2.5" or an alias${optional ? ", or nothing for the default model and its fallbacks" : ""}`,
    },
  );
}

/**
 * Throws (code `usage`) for an option `loadCatalog` or `loadConfig` does not take (`configPath`,
 * `file`: `path`), and for the file's path passed in the options' place
 * (`loadConfig("/srv/app/openclaw.json")`), which would read the default config instead.
 */
export function checkLoadOptions(call: "loadCatalog" | "loadConfig", options: unknown): void {
  if (typeof options === "string")
    throw new OpenClawError("usage", `${call} takes an options object {...}, got a string`, {
      where: "options",
      hint: `give the config file as its path option: ${call}({ path: ${JSON.stringify(options)} })`,
    });
  checkOptionNames(call, options, LOAD_OPTION_NAMES, LOAD_NAMES_MEANT);
  checkOptionTypes(call, options, LOAD_OPTION_TYPES);
}

type ObjectLoadOptions = { env?: Env | undefined; providerProblems?: ProviderProblems | undefined };

const OBJECT_LOAD_OPTION_NAMES = {
  env: true,
  providerProblems: true,
} as const satisfies OptionNames<ObjectLoadOptions>;

/** Throws (code `usage`) for an option `loadConfigObject` does not take (`evn`, `path`). */
export function checkLoadObjectOptions(options: unknown): void {
  checkOptionNames("loadConfigObject", options, OBJECT_LOAD_OPTION_NAMES);
  checkOptionTypes("loadConfigObject", options, { env: optionType.env });
}
