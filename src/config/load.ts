import { existsSync, readFileSync, statSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { startsWithHomeShorthand } from "../util/home-shorthand.js";
import { shellWord, singleQuoted } from "../util/shell-word.js";
import { concealEnv, concealLoadedConfig } from "./conceal.js";
import type { Env } from "./env.js";
import { ConfigError, type ConfigIssue, formatIssue, toConfigIssue } from "./errors.js";
import { locateLine } from "./locate.js";
import { locateOrigin } from "./origin.js";
import { shellPath } from "./path-hints.js";
import { defaultConfigPath, resolveConfigPath, resolveConfiguredPath } from "./paths.js";
import { readConfigTree, resolveConfigIncludes } from "./read.js";
import { removedRequiredIssue, requiredKeyUnsetError } from "./required-key-unset.js";
import { configSchema } from "./schema.js";
import {
  formatPath,
  type PathSegment,
  type SchemaIssue,
  unknownPathSegment,
  type ValidationContext,
} from "./schema-dsl.js";
import { isSecretKeyName } from "./secret-names.js";
import { configSetTextWord } from "./set-text-word.js";
import { schemaNodeAt } from "./short-forms.js";
import {
  type ConfigTemplates,
  describeTemplatedValue,
  type ExpandedConfig,
  expandConfig,
  isPathWithin,
  type TemplateSource,
} from "./templates.js";
import { belowSingleValueHint, lostQuotesHint, nullValueHint } from "./typed-value-hints.js";
import type { OpenClawConfig } from "./types.js";

/** A config as `loadConfig` or `loadConfigObject` read it: the values (expanded and as written), where they came from, and the environment. */
export interface LoadedConfig extends TemplateSource {
  /** The main config file's path (whether or not it exists). */
  path: string;
  /** Whether that file exists; false: the config is empty (not configured yet). */
  exists: boolean;
  /**
   * Validated config with `${VAR}` expanded in every string value. A value naming a variable that
   * is not set is kept as written and listed in `unresolved`: whatever needs it calls
   * requireVariables(loaded, path), which throws MissingVariableError.
   */
  config: OpenClawConfig;
  /** The config as written (includes merged, `${VAR}` kept): for showing it, never for using it. */
  written: OpenClawConfig;
  /** Every string value holding `${VAR}`, by dotted path, as written. */
  templates: ConfigTemplates;
  /** Dotted paths of the values naming an unset variable. */
  unresolved: readonly string[];
  /** The process environment plus `env` block variables it lacks. */
  env: Env;
  /** Dotted paths of sections accepted but not used by this project. */
  ignoredSections: string[];
  /** Every file read (main file first): what hot reload watches. */
  files: string[];
  /**
   * Providers left out of `config` because a setting of theirs fails the schema (loaded with
   * `providerProblems: "disable"`), each with its problems as `config validate` says them: a bad
   * value in one provider disables that provider, and the others serve.
   */
  disabledProviders?: readonly DisabledProvider[];
}

/** A provider whose settings fail the schema, by its key under `models.providers`. */
export interface DisabledProvider {
  /** The provider's key under `models.providers`, as written. */
  key: string;
  /** Its schema problems, as `config validate` reports them. */
  issues: readonly ConfigIssue[];
}

/**
 * What a schema problem inside one provider (`models.providers.<id>…`) does: `"refuse"` makes the
 * whole config invalid (what `config validate`, `doctor` and edits need, to list and refuse every
 * problem); `"disable"` leaves that provider out (listed in `disabledProviders`) and loads the rest,
 * for what runs models: a bad value in one provider must not stop the others.
 */
export type ProviderProblems = "refuse" | "disable";

/** Each option may be undefined, as left out, so that a program forwards its own as they are. */
export interface LoadOptions {
  /** Config file to read; default `$OPENCLAW_CONFIG_PATH`, else `openclaw.json` in `$OPENCLAW_STATE_DIR` or `~/.openclaw`. */
  path?: string | undefined;
  /** Environment for `${VAR}` expansion and the default paths; default `process.env`. */
  env?: Env | undefined;
  /**
   * What a config file that does not exist means. By default: an empty config ("not configured
   * yet") at the default path, and an error naming the file at a path given on purpose (this
   * option, or OPENCLAW_CONFIG_PATH), which is likelier a typo than a config not written yet.
   * "empty" always: for a command about to create the file (onboarding, `models set`).
   */
  ifMissing?: "empty" | "error" | undefined;
  /** Default "refuse"; see ProviderProblems. */
  providerProblems?: ProviderProblems | undefined;
}

/** Where the config being validated came from, to blame each problem on the right file. */
/** Each field may be undefined, as left out, so that a program forwards its own as they are. */
export interface ValidationSource {
  /** The main config file. */
  file?: string | undefined;
  /** File texts by path, for lines. */
  texts?: ReadonlyMap<string, string> | undefined;
  /** Files as parsed, `$include`s unresolved: a problem is reported in the file its value is in. */
  parsed?: ReadonlyMap<string, unknown> | undefined;
  /** `${VAR}` values by path: shown as written in messages, and unset ones checked when used. */
  templates?: ConfigTemplates | undefined;
}

function contextFor(templates: ConfigTemplates | undefined): ValidationContext {
  if (!templates || templates.size === 0) return { issues: [], ignored: [] };
  return {
    issues: [],
    ignored: [],
    describeTemplate: (path, value) => {
      const template = templates.get(path);
      return template ? describeTemplatedValue(template, value) : undefined;
    },
    isUnresolved: (path) => (templates.get(path)?.missing.length ?? 0) > 0,
  };
}

/** Each schema issue with the file and line its value is written at. */
function locatedIssues(found: readonly SchemaIssue[], source: ValidationSource): ConfigIssue[] {
  const { file, texts, parsed } = source;
  return found.map((issue) => {
    if (file && parsed && texts) {
      const origin = locateOrigin({ parsed, texts }, file, issue.path);
      return toConfigIssue(issue, origin.file, origin.line);
    }
    const text = file ? texts?.get(file) : undefined;
    return toConfigIssue(issue, file, text ? locateLine(text, issue.path) : undefined);
  });
}

/** The error of a config with schema problems (`issues`, not empty), listing every one. */
function invalidConfigError(issues: readonly ConfigIssue[]): ConfigError {
  const first = issues[0]!;
  const single = issues.length === 1;
  // One problem: its hint is the error's hint (printed once, not also in the message). Several:
  // each keeps its hint in the list, and the error's hint is about all of them.
  const message = single
    ? `invalid config: ${formatIssue({ ...first, hint: undefined })}`
    : `invalid config: ${issues.length} problems\n${issues.map((issue) => `  - ${formatIssue(issue)}`).join("\n")}`;
  // Without a file (a config object a program gave) the dotted path is the place, and the
  // CLI's `config validate` would check a file that is not the one at fault.
  const fixIt = `fix ${first.path}${single ? "" : ` (and ${issues.length - 1} more)`}`;
  const generic = first.file ? `${fixIt}, then run: openclaw config validate` : fixIt;
  return new ConfigError("config.invalid", message, {
    ...(first.file ? { file: first.file } : { where: first.path }),
    ...(first.line ? { line: first.line } : {}),
    hint: (single ? first.hint : undefined) ?? generic,
    issues: [...issues],
  });
}

/** Validates an already-parsed (and expanded) config; throws ConfigError listing every issue. */
export function validateConfig(
  value: unknown,
  source: ValidationSource = {},
): { config: OpenClawConfig; ignoredSections: string[] } {
  const context = contextFor(source.templates);
  configSchema.validate(value, [], context);
  if (context.issues.length > 0) throw invalidConfigError(locatedIssues(context.issues, source));
  return { config: value as OpenClawConfig, ignoredSections: context.ignored };
}

/** The key under `models.providers` a schema issue lies in, when it lies inside one provider. */
function providerKeyOf(issue: SchemaIssue): string | undefined {
  const [section, providers, key] = issue.path;
  return section === "models" && providers === "providers" && typeof key === "string"
    ? key
    : undefined;
}

/**
 * validateConfig, except that problems which all lie inside providers leave those providers out
 * of the config returned (listed in `disabledProviders`) instead of failing it. Any problem
 * elsewhere fails the whole config, listing every problem as validateConfig does.
 */
function validateConfigDisablingProviders(
  value: unknown,
  source: ValidationSource,
): { config: OpenClawConfig; ignoredSections: string[]; disabled: DisabledProvider[] } {
  const context = contextFor(source.templates);
  configSchema.validate(value, [], context);
  if (context.issues.length === 0)
    return { config: value as OpenClawConfig, ignoredSections: context.ignored, disabled: [] };
  const issues = locatedIssues(context.issues, source);
  const keys = context.issues.map(providerKeyOf);
  if (keys.some((key) => key === undefined)) throw invalidConfigError(issues);
  const byKey = new Map<string, ConfigIssue[]>();
  keys.forEach((key, index) => {
    const list = byKey.get(key!) ?? [];
    list.push(issues[index]!);
    byKey.set(key!, list);
  });
  // The schema passed `models.providers` as an object: only the broken providers are left out,
  // each with every entry that configures it: ids are lower-cased, so `Moonshot` and `moonshot`
  // are one provider, and the healthy entry alone would serve it without the broken one's settings.
  const config = value as OpenClawConfig;
  const broken = new Set([...byKey.keys()].map((key) => key.toLowerCase()));
  const providers = Object.fromEntries(
    Object.entries(config.models?.providers ?? {}).filter(
      ([key]) => !broken.has(key.toLowerCase()),
    ),
  );
  return {
    config: { ...config, models: { ...config.models, providers } },
    ignoredSections: context.ignored,
    disabled: [...byKey].map(([key, list]) => ({ key, issues: list })),
  };
}

/** What an edit changed, so that a problem it brings is blamed on the command line, not the file. */
export interface EditedPath {
  /** The path edited, as segments. */
  path: readonly PathSegment[];
  /** Whether the edit set a value there or removed it. */
  action: "set" | "unset";
  /** The value set and its text as typed on the command line (to say how to quote it). */
  typed?: {
    /** The value set, as JSON5 read the text. */
    value: unknown;
    /** The value's text as typed on the command line, before JSON5 read it. */
    text: string;
  };
}

export interface EditValidationOptions {
  /** The main file's text now (default: read from disk): lines of problems already in it. */
  text?: string;
  /** The main file's object before the edit: problems it already had are told apart. */
  before?: Record<string, unknown>;
  /** The path the edit set or removed (`config set|unset`). */
  edited?: EditedPath;
  /** Default "refuse"; see ProviderProblems and ConfigEditOptions.providerProblems. */
  providerProblems?: ProviderProblems;
}

function currentText(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

/** The main object with its includes merged and expanded, as a LoadedConfig (not validated). */
function mergeEdited(raw: Record<string, unknown>, file: string, env: Env, text?: string) {
  const tree = resolveConfigIncludes(raw, file);
  // Lines are those of the file as it is now: the edited text is never written when refused.
  if (text !== undefined) tree.texts.set(file, text);
  else tree.texts.delete(file);
  return { tree, expanded: expandConfig(tree.value, env) };
}

/** The schema problems of a main-file object (with includes), as "path: message" keys. */
function problemKeys(raw: Record<string, unknown>, file: string, env: Env): Set<string> {
  try {
    const { expanded } = mergeEdited(raw, file, env);
    const context = contextFor(expanded.templates);
    configSchema.validate(expanded.value, [], context);
    return new Set(context.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`));
  } catch {
    return new Set();
  }
}

/**
 * Whether `issue` is about what was typed: the value set (or below it), or the path itself (a key
 * on the way to the value, or the value's own key when the config has no such key).
 */
function aboutTyped(issue: ConfigIssue, edited: EditedPath): "value" | "path" | undefined {
  const target = formatPath(edited.path);
  const unknown = unknownPathSegment(configSchema, edited.path);
  if (unknown && issue.path === formatPath(edited.path.slice(0, unknown.index + 1))) return "path";
  if (isPathWithin(issue.path, target)) return "value";
  return isPathWithin(target, issue.path) ? "path" : undefined;
}

/**
 * How to give as text a value the command line's JSON5 read as a number or true/false (`12345`
 * for a token, `2.5` for a name), when the key takes text and would take it; a secret's value is
 * not repeated.
 */
function quoteHint(edited: EditedPath): string | undefined {
  const typed = edited.typed;
  if (!typed || (typeof typed.value !== "number" && typeof typed.value !== "boolean")) return;
  const node = schemaNodeAt(edited.path);
  if (!node) return undefined;
  const context: ValidationContext = { issues: [], ignored: [] };
  node.validate(typed.text, [...edited.path], context);
  if (context.issues.length > 0) return undefined;
  const last = edited.path[edited.path.length - 1];
  const secret = typeof last === "string" && isSecretKeyName(last);
  const kind = typeof typed.value === "number" ? "a number" : "true or false";
  // The value word config set reads back as the same text, spaces around it included; a secret's
  // stands for the value without repeating it.
  const word = secret ? `'"…"'` : configSetTextWord(typed.text, singleQuoted);
  return `the command line read it as ${kind}; to give it as text, quote it: openclaw config set ${shellPath(edited.path)} ${word}${secret ? " (your value between the double quotes)" : ""}`;
}

/**
 * Said after the hint of a refused edit: the message stays one statement of what is wrong (a
 * script reads it from `--json`), and the person still learns that the file is as it was.
 */
const NOTHING_WRITTEN = "nothing was written";

/**
 * `hint` then that nothing was written: after a question (`did you mean "lan"?`) in brackets, as
 * `?;` read as a slip.
 */
function hintThenNothingWritten(hint: string, after = ""): string {
  return hint.endsWith("?")
    ? `${hint} (${NOTHING_WRITTEN}${after})`
    : `${hint}; ${NOTHING_WRITTEN}${after}`;
}

/**
 * The problems an edit brought. A problem with the value or path typed is a bad argument (exit
 * 2), told as such, with no file line (the file does not hold it: it was refused). A problem
 * elsewhere that the change brings about (a setting that conflicts with the new value) is told
 * where that setting is written.
 */
function editError(
  fresh: ConfigIssue[],
  edited: EditedPath,
  cause: ConfigError,
  file: string,
  text: string | undefined,
): ConfigError {
  if (edited.action === "unset" && removedRequiredIssue(fresh, edited.path))
    return requiredKeyUnsetError(edited.path, file, text, cause);
  const target = formatPath(edited.path);
  const typed = edited.action === "set" ? fresh.filter((issue) => aboutTyped(issue, edited)) : [];
  const shown = typed.length > 0 ? typed : fresh;
  const source = (issue: ConfigIssue): string => {
    const about = edited.action === "set" ? aboutTyped(issue, edited) : undefined;
    if (about === "value") return "the value given on the command line";
    if (about === "path") return "the path given on the command line";
    const where = issue.file ? `${issue.file}${issue.line ? `:${issue.line}` : ""}, ` : "";
    return `${where}after ${edited.action === "set" ? "setting" : "removing"} ${target}`;
  };
  const line = (issue: ConfigIssue) => `${issue.path}: ${issue.message} (${source(issue)})`;
  const first = shown[0]!;
  const message =
    shown.length === 1
      ? `invalid config: ${line(first)}`
      : `invalid config: ${shown.length} problems\n${shown.map((issue) => `  - ${line(issue)}${issue.hint ? ` — ${issue.hint}` : ""}`).join("\n")}`;
  const quote = shown.length === 1 && first.path === target ? quoteHint(edited) : undefined;
  const typedHint =
    typed.length === 1 && edited.action === "set"
      ? (belowSingleValueHint(first.path, edited.path) ??
        (first.path === target
          ? (lostQuotesHint(edited.path, edited.typed) ?? nullValueHint(edited.path, edited.typed))
          : undefined))
      : undefined;
  const hint =
    quote ??
    (shown.length === 1 ? first.hint : undefined) ??
    typedHint ??
    (typed.length > 0
      ? `give ${target} a value of the kind it takes (openclaw config schema lists them)`
      : `change the settings named above first, or leave ${target} as it is`);
  return new ConfigError(cause.code, message, {
    ...(typed.length === 0 && first.file ? { file: first.file } : {}),
    ...(typed.length === 0 && first.line ? { line: first.line } : {}),
    // A value refused is in no file: it is where it was to go.
    ...(typed.length > 0 || !first.file ? { where: first.path } : {}),
    hint: hintThenNothingWritten(hint),
    issues: typed.length > 0 ? shown.map(({ file: _file, line: _line, ...issue }) => issue) : shown,
    ...(typed.length > 0 ? { exitCode: 2 as const } : {}),
    cause,
  });
}

/**
 * The config an edited main-file object makes once written to `file`: its `$include`s merged
 * (relative to `file`, as loading will), `${VAR}` expanded as loading will with `env`, and
 * validated. A problem is located in the file as it is now (or in the included file it is in);
 * with `options.edited`, a problem the edit brought is blamed on the command line (exit 2), and
 * one the config already had says so. Throws ConfigError whose hint ends in "nothing was written".
 */
export function loadEditedConfig(
  raw: Record<string, unknown>,
  file: string,
  env: Env = process.env,
  options: EditValidationOptions = {},
): LoadedConfig {
  try {
    const { tree, expanded } = mergeEdited(raw, file, env, options.text ?? currentText(file));
    return validatedLoad(
      file,
      tree.value,
      expanded,
      tree.files,
      env,
      { file, texts: tree.texts, parsed: tree.parsed },
      options.providerProblems,
    );
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    if (options.edited && error.code === "config.invalid" && error.issues.length > 0) {
      const before = options.before ? problemKeys(options.before, file, env) : new Set<string>();
      const fresh = error.issues.filter((issue) => !before.has(`${issue.path}: ${issue.message}`));
      if (fresh.length > 0)
        throw editError(fresh, options.edited, error, file, options.text ?? currentText(file));
    }
    const already =
      options.edited && error.code === "config.invalid"
        ? " (the config already had this problem)"
        : "";
    throw new ConfigError(error.code, error.message, {
      ...(error.file ? { file: error.file } : {}),
      ...(error.line ? { line: error.line } : {}),
      ...(!error.file && error.issues[0] ? { where: error.issues[0].path } : {}),
      hint: error.hint
        ? hintThenNothingWritten(error.hint, already)
        : `${NOTHING_WRITTEN}${already}`,
      issues: [...error.issues],
      cause: error,
    });
  }
}

/**
 * Validates an edited main-file object before it is written to `file` (see loadEditedConfig).
 * Throws ConfigError whose hint ends in "nothing was written".
 */
export function validateEditedConfig(
  raw: Record<string, unknown>,
  file: string,
  env: Env = process.env,
  options: EditValidationOptions = {},
): { config: OpenClawConfig; ignoredSections: string[] } {
  return loadEditedConfig(raw, file, env, options);
}

/** The error for a config file named on purpose that is not there. */
function notFound(path: string, env: Env, fromOption: boolean): ConfigError {
  const fallback = defaultConfigPath(env);
  const named = fromOption ? "the config path given" : "OPENCLAW_CONFIG_PATH";
  return new ConfigError(
    "config.not_found",
    `config file ${path} does not exist (named by ${named})`,
    {
      file: path,
      // Where the commands that make a config write it: the file OPENCLAW_CONFIG_PATH names, else
      // the default one, not a path a program gave (said as the command that writes that file).
      hint:
        fromOption && startsWithHomeShorthand(path)
          ? `~ is expanded only by a shell, so this path names a directory ~ under the working directory: pass an absolute path, such as resolveConfigPath() (the CLI's config, ~ expanded), or leave the path out for ${fallback}`
          : fromOption
            ? `check the path for a typo (the default config is ${fallback}); to create this file, run OPENCLAW_CONFIG_PATH=${shellWord(path)} openclaw onboard (config set and models set write it the same way)`
            : `check OPENCLAW_CONFIG_PATH for a typo, or unset it to use ${fallback}; openclaw onboard, config set and models set create the file OPENCLAW_CONFIG_PATH names`,
    },
  );
}

function isDirectoryPath(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The config file's tree. A directory at a path the caller gave is told to that caller, who
 * named it (the reader's hint points at OPENCLAW_CONFIG_PATH, which named nothing here).
 */
function readMainTree(path: string, fromOption: boolean): ReturnType<typeof readConfigTree> {
  try {
    return readConfigTree(path);
  } catch (error) {
    // Asked of the path itself: an $include'd directory is told at the main file too (its line).
    const isDirectory =
      error instanceof ConfigError &&
      error.code === "config.unreadable" &&
      (error.cause as NodeJS.ErrnoException | undefined)?.code === "EISDIR" &&
      isDirectoryPath(path);
    if (!fromOption || !isDirectory) throw error;
    throw new ConfigError(error.code, error.message, {
      file: path,
      hint: `move the directory away (mv ${path} ${path}.d), or give the path of a config file, not of a directory`,
      cause: error.cause,
    });
  }
}

/**
 * Loads, merges includes, expands `${VAR}`, validates. A missing file is an empty config, unless
 * it was named on purpose (see LoadOptions.ifMissing). The result prints (console.log, inspect,
 * JSON.stringify) without its environment or any key.
 */
export function loadConfig(options: LoadOptions = {}): LoadedConfig {
  const processEnv = options.env ?? process.env;
  const path = options.path ?? resolveConfigPath(processEnv);
  // Named by the caller, not by OPENCLAW_CONFIG_PATH or the default: errors say "the path given".
  const fromOption =
    options.path !== undefined && resolve(options.path) !== resolveConfigPath(processEnv);
  if (!existsSync(path)) {
    const explicit = resolve(path) !== defaultConfigPath(processEnv);
    if ((options.ifMissing ?? (explicit ? "error" : "empty")) === "error")
      throw notFound(path, processEnv, fromOption);
    return concealLoadedConfig({
      path,
      exists: false,
      config: {},
      written: {},
      templates: new Map(),
      unresolved: [],
      env: concealEnv({ ...processEnv }),
      ignoredSections: [],
      files: [],
    });
  }
  const tree = readMainTree(path, fromOption);
  const expanded = expandConfig(tree.value, processEnv);
  return validatedLoad(
    path,
    tree.value,
    expanded,
    tree.files,
    processEnv,
    { file: path, texts: tree.texts, parsed: tree.parsed },
    options.providerProblems,
  );
}

const LEDGER_PATH: readonly PathSegment[] = ["gateway", "ledger", "path"];

/**
 * `gateway.ledger.path` as the file it names: `~/` in the home directory, a relative path against
 * the directory of the config file that sets it (the main file or an included one). The gateway
 * and `openclaw usage` run from different directories and must find the same ledger. A value
 * naming an unset variable stays as written: whatever uses it refuses it (requireVariables).
 * A config given as an object has no file: a relative path there is the working directory's.
 */
function withResolvedLedgerPath(
  config: OpenClawConfig,
  unresolved: readonly string[],
  mainFile: string,
  source: Omit<ValidationSource, "templates">,
  env: Env,
): OpenClawConfig {
  const ledger = config.gateway?.ledger;
  if (ledger?.path === undefined || unresolved.includes(formatPath(LEDGER_PATH))) return config;
  const { parsed, texts } = source;
  const file =
    parsed && texts && !isAbsolute(ledger.path)
      ? locateOrigin({ parsed, texts }, mainFile, LEDGER_PATH).file
      : mainFile;
  const path = resolveConfiguredPath(ledger.path, file, env);
  return { ...config, gateway: { ...config.gateway, ledger: { ...ledger, path } } };
}

/**
 * Validates an expanded config (`source` locates its problems) and packs what was loaded, which
 * prints without its environment or any key.
 */
function validatedLoad(
  path: string,
  written: Record<string, unknown>,
  expanded: ExpandedConfig,
  files: string[],
  env: Env,
  source: Omit<ValidationSource, "templates"> = {},
  providerProblems: ProviderProblems = "refuse",
): LoadedConfig {
  const withTemplates = { ...source, templates: expanded.templates };
  const { config, ignoredSections, disabled } =
    providerProblems === "disable"
      ? validateConfigDisablingProviders(expanded.value, withTemplates)
      : { ...validateConfig(expanded.value, withTemplates), disabled: [] };
  return concealLoadedConfig({
    path,
    exists: true,
    config: withResolvedLedgerPath(config, expanded.unresolved, path, source, env),
    written: written as OpenClawConfig,
    templates: expanded.templates,
    unresolved: expanded.unresolved,
    env: concealEnv(expanded.env),
    ignoredSections,
    files,
    ...(disabled.length > 0 ? { disabledProviders: disabled } : {}),
  });
}

/** `value` with every object property whose value is `undefined` removed (changed in place). */
function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) {
    for (const item of value) withoutUndefined(item);
  } else if (typeof value === "object" && value !== null) {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (record[key] === undefined) delete record[key];
      else withoutUndefined(record[key]);
    }
  }
  return value;
}

/** What a config given as an object is called where a file's path would be shown. */
export const CONFIG_OBJECT_PATH = "(the config object given)";

function findInclude(value: unknown, path: PathSegment[]): PathSegment[] | undefined {
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findInclude(item, [...path, index]);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  for (const [key, item] of Object.entries(value)) {
    if (key === "$include") return [...path, key];
    const found = findInclude(item, [...path, key]);
    if (found) return found;
  }
  return undefined;
}

/**
 * A config a program holds as an object (what openclaw.json would hold), loaded as a file is:
 * `${VAR}` expanded from `env`, validated with dotted paths in the errors. `$include` names files
 * relative to a config file, so it is refused here. The object is copied: changing it later
 * changes nothing loaded.
 */
export function loadConfigObject(
  value: OpenClawConfig | Record<string, unknown>,
  options: { env?: Env | undefined; providerProblems?: ProviderProblems | undefined } = {},
): LoadedConfig {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ConfigError("config.not_object", "the config must be an object {...}", {
      hint: "pass what openclaw.json would hold, e.g. { models: { providers: { ... } } }",
    });
  }
  const include = findInclude(value, []);
  if (include) {
    throw new ConfigError(
      "config.include_needs_file",
      `${formatPath(include)}: $include needs a config file (its paths are relative to one)`,
      {
        where: formatPath(include),
        hint: "put the included settings in the object itself, or load the file with configPath",
      },
    );
  }
  // As in a file: an optional setting given as `undefined` is a setting not given.
  const written = withoutUndefined(structuredClone(value)) as Record<string, unknown>;
  const expanded = expandConfig(written, options.env ?? process.env);
  return validatedLoad(
    CONFIG_OBJECT_PATH,
    written,
    expanded,
    [],
    options.env ?? process.env,
    {},
    options.providerProblems,
  );
}
