/**
 * `openclaw config …`, the part that runs: loaded only when a config subcommand does, so that
 * other commands (and `--version`) do not load config, catalog and auth.
 */
import { existsSync } from "node:fs";
import { basename } from "node:path";
import {
  buildCatalog,
  type CatalogFinding,
  checkCatalog,
  configuredProviders,
  foldSharedCauses,
  refuseNewCatalogErrors,
  withAffects,
  withOrigins,
} from "../../catalog/index.js";
import { keyShapedNameFindings } from "../../catalog/key-shaped-names.js";
import { placeholderKeyFindings } from "../../catalog/placeholder-keys.js";
import {
  agentDir,
  bareReferences,
  bareReferenceWords,
  type ConfigEditOptions,
  ConfigError,
  type ConfigNotice,
  configJsonSchema,
  configNotices,
  formatOrigin,
  formatPath,
  getAtPath,
  type IncludedOverride,
  type LeftOutKey,
  type LoadedConfig,
  leftOutOfBackupNote,
  loadConfig,
  maskKeyShapedNames,
  missingPathError,
  type PathSegment,
  parseCliValue,
  parsePath,
  readConfigTree,
  redactConfigValue,
  requireVariablesWithin,
  resolveConfigPath,
  resolveStateDir,
  setConfigValue,
  unsetConfigValue,
  withFullFormsAlong,
} from "../../config/index.js";
import type { OpenClawError } from "../../errors.js";
import { ledgerLocation } from "../../gateway/ledger-location.js";
import { type AllowlistChange, allowlistChangeOfEdit } from "../../onboard/allowlist-change.js";
import {
  placeholderOnboardCommand,
  placeholderUnusedHint,
} from "../../onboard/placeholder-unused.js";
import { chainWarningsNow } from "../chain-warnings-now.js";
import { type KeyNotUsed, keysNotUsed } from "../config-key-not-used.js";
import { cutToWidth } from "../display-width.js";
import { droppedKeysWarning } from "../dropped-keys-warning.js";
import { type DefaultChain, defaultChainOf, writtenSince } from "../keyless-chain-warnings.js";
import {
  besideLabel,
  labelledText,
  printJson,
  printWarning,
  style,
  terminalWidth,
  visibleWidth,
  warningText,
  wrapAfterLabel,
  writeShown,
} from "../output.js";

/**
 * Masks credentials inside a value about to be shown: by key name, by the value's shape (`sk-…`)
 * and in the `env` block; `${VAR}` references are shown as written.
 */
function redact(value: unknown, path: PathSegment[]): unknown {
  return redactConfigValue(value, path);
}

/**
 * What an edit did and, dimmed, the file it wrote (`removed x  (/path)`), after a `✓ `: on one
 * line when that fits the terminal (or $COLUMNS), else the file on the next, under the text.
 */
function done(what: string, where: string): string {
  const width = terminalWidth(process.stdout);
  const last = what.split("\n").at(-1) ?? "";
  if (visibleWidth(`✓ ${last}  ${where}`) <= width) return `${what}  ${style.dim(where)}`;
  return `${wrapAfterLabel(what, 2, width)}\n${style.dim(besideLabel("  ", wrapAfterLabel(where, 2, width)))}`;
}

function printWarnings(warnings: readonly string[]): void {
  for (const warning of warnings) printWarning(warning);
}

/** The files a config is made of when they can be read, even if the result is invalid. */
function readableFiles(path: string): string[] | undefined {
  try {
    return readConfigTree(path).files;
  } catch {
    return undefined;
  }
}

function show(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value, null, 2);
}

/**
 * `path = value` for the ✓ line of `config set`: an object or a list as compact JSON, cut to the
 * terminal (the whole value is in the file); indented JSON put its lines inside the ✓ line. A
 * string is shown whole, to be copied.
 */
function setEcho(path: string, value: unknown): string {
  if (typeof value === "string") return `${path} = ${value}`;
  const line = `${path} = ${JSON.stringify(value)}`;
  const width = terminalWidth(process.stdout);
  return Number.isFinite(width) ? cutToWidth(line, Math.max(20, width - 2)) : line;
}

export function runConfigFile(options: { json?: boolean }): void {
  // The path is what a person needs to repair a broken config: never fail to print it.
  const path = resolveConfigPath();
  const exists = existsSync(path);
  let problem: ConfigError | undefined;
  let files: string[] | undefined;
  try {
    files = loadConfig({ path, ifMissing: "empty" }).files;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problem = error;
    files = readableFiles(path);
  }
  if (options.json) {
    printJson({
      path,
      exists,
      valid: problem === undefined,
      ...(files ? { files } : {}),
      ...(problem ? { error: problem.toJSON() } : {}),
    });
  } else {
    // Piped, stdout is the path alone, for `vim "$(openclaw config file)"`; the note goes aside.
    const onTerminal = process.stdout.isTTY === true;
    process.stdout.write(
      `${path}${exists || !onTerminal ? "" : style.dim(" (not created yet)")}\n`,
    );
    if (!exists && !onTerminal)
      process.stderr.write(
        `${labelledText("note", "the file is not created yet; openclaw onboard, config set and models set create it")}\n`,
      );
  }
  // With --json the object says it (`valid: false`, `error`): stderr gets no copy, as with
  // every other --json command.
  if (problem && !options.json) {
    process.stderr.write(
      `${warningText("the config has problems; see them with: openclaw config validate")}\n`,
    );
  }
}

/**
 * The value in effect, for `--reveal`: secrets as they are and `${VAR}` expanded, since a script
 * that reveals the token (`export TOKEN=$(openclaw config get gateway.auth.token --reveal)`) needs
 * the token, not the name of the variable holding it. An unset variable is an error, not a blank.
 */
function revealed(loaded: ReturnType<typeof loadConfig>, segments: PathSegment[]): unknown {
  requireVariablesWithin(loaded, formatPath(segments));
  return getAtPath(withFullFormsAlong(loaded.config, segments), segments);
}

/** The config as its files write it (includes merged), which is all `config get` shows. */
type WrittenConfig = Pick<LoadedConfig, "path" | "exists" | "written">;

/**
 * The config as written, also when a value breaks the schema: `config get` is how a person looks
 * at a config `config validate` just refused (gateway.bind when gateway.port is "18789"). A file
 * that cannot be read or parsed is still an error, as it has nothing to show.
 */
function loadAsWritten(): WrittenConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError) || error.code !== "config.invalid") throw error;
    const path = resolveConfigPath();
    return { path, exists: true, written: readConfigTree(path).value };
  }
}

/** A path `config get` finds nothing at: read another way it does, or no such key, or not set. */
function notSet(loaded: WrittenConfig, segments: PathSegment[]): OpenClawError {
  const where = loaded.exists ? loaded.path : `${loaded.path} (not created yet)`;
  return missingPathError(loaded.written, segments, "get", where);
}

/**
 * The `$include` at `segments` as the main file writes it (`config set '$include'` writes it
 * there): the merged config has none, its files being merged in.
 */
function includeAt(loaded: WrittenConfig, segments: PathSegment[]): unknown {
  if (!loaded.exists) return undefined;
  const main = readConfigTree(loaded.path).parsed.get(loaded.path);
  if (typeof main !== "object" || main === null) return undefined;
  return getAtPath(withFullFormsAlong(main, segments), segments);
}

/**
 * The config in effect for `--reveal`. A provider the schema refuses does not keep a value
 * elsewhere from being revealed (the gateway's token, which its start-up report says to read this
 * way while it serves without that provider); a value inside that provider is refused as before.
 */
function loadForReveal(segments: PathSegment[]): ReturnType<typeof loadConfig> {
  const loaded = loadConfig({ providerProblems: "disable" });
  const [section, providers, key] = segments;
  const inDisabled =
    section === "models" &&
    (providers === undefined ||
      (providers === "providers" &&
        (key === undefined || loaded.disabledProviders?.some((entry) => entry.key === key))));
  return inDisabled && loaded.disabledProviders?.length ? loadConfig() : loaded;
}

export function runConfigGet(
  expression: string,
  options: { json?: boolean; reveal?: boolean },
): void {
  const segments = parsePath(expression);
  // --reveal shows the value in effect, which needs a config that loads; a plain get does not.
  const loaded = options.reveal ? loadForReveal(segments) : loadAsWritten();
  // What the file says (includes merged), as `config set` edits it: `${VAR}` is shown as written;
  // a key below a short form is read in its full form (`model: "ref"` has `model.primary`).
  const value = segments.includes("$include")
    ? includeAt(loaded, segments)
    : getAtPath(withFullFormsAlong(loaded.written, segments), segments);
  if (value === undefined) throw notSet(loaded, segments);
  const shown = options.reveal
    ? segments.includes("$include")
      ? value
      : revealed(loadForReveal(segments), segments)
    : redact(value, segments);
  // Not revealed, a key pasted as a name in what is shown (a provider's key) is masked too.
  if (options.json) printJson(shown, { reveal: options.reveal === true });
  else if (options.reveal) process.stdout.write(`${show(shown)}\n`);
  else process.stdout.write(`${maskKeyShapedNames(show(shown))}\n`);
  // Not with --json: stderr then carries what shows progress only (see the guide's Scripting).
  if (
    !options.reveal &&
    !options.json &&
    process.stderr.isTTY &&
    JSON.stringify(shown) !== JSON.stringify(value)
  ) {
    process.stderr.write(
      `${style.dim("(secrets masked; --reveal prints them)", process.stderr)}\n`,
    );
  }
}

/**
 * The check an edit is validated with (the catalog's, as `config validate` runs them), which also
 * keeps the configs before and after: to tell, once written, what the edit did to the allowlist,
 * and which members of the default chain it wrote.
 */
function checkedEdit(): {
  check: NonNullable<ConfigEditOptions["check"]>;
  allowlist: () => AllowlistChange;
  /** The default chain before the edit; undefined when that config could not be read. */
  chainBefore: () => DefaultChain | undefined;
} {
  let seen:
    | { before: LoadedConfig | undefined; after: LoadedConfig; fileExisted: boolean }
    | undefined;
  return {
    check: (after, before, edited) => {
      refuseNewCatalogErrors(after, before, edited);
      // Checked before the file is written, under its lock: whether the edit creates it.
      seen = { before: before(), after, fileExisted: existsSync(after.path) };
    },
    allowlist: () =>
      seen
        ? allowlistChangeOfEdit(seen.before, seen.after, process.env, seen.fileExisted)
        : { note: undefined, blocked: undefined },
    chainBefore: () => (seen?.before ? defaultChainOf(seen.before) : undefined),
  };
}

/** Whether a value set at `segments` is (or holds) `agents.defaults.model`, the default chain. */
function setsDefaultChain(segments: readonly PathSegment[]): boolean {
  const chain = ["agents", "defaults", "model"];
  return chain.every((name, index) => index >= segments.length || segments[index] === name);
}

/**
 * chainWarningsNow's retired and keyless warnings for the members an edit wrote into
 * `before`, the chain it found.
 */
function chainWarningsOfEdit(before: DefaultChain | undefined): string[] {
  const written = before ? writtenSince(before) : undefined;
  const { retired, keyless } = chainWarningsNow(process.env, { written });
  return [...retired, ...keyless];
}

/**
 * The apiKeys the edit at `segments` wrote that an earlier source (a stored profile, a variable)
 * keeps from being used; none when the config written cannot be read back.
 */
function writtenKeysNotUsed(segments: readonly PathSegment[]): KeyNotUsed[] {
  if (segments[0] !== "models" && segments[0] !== "env") return [];
  try {
    const loaded = loadConfig();
    return keysNotUsed(segments, {
      catalog: buildCatalog(loaded),
      agentDir: agentDir(resolveStateDir()),
      env: loaded.env,
      written: loaded.written,
    });
  } catch {
    return [];
  }
}

/**
 * For a placeholder the edit wrote: the onboard command of the providers reading its path, by
 * the config as written now (read only when there is such a placeholder); none when unreadable.
 */
function placeholderOnboardOfEdit(path: readonly PathSegment[]): string | undefined {
  try {
    const loaded = loadConfig();
    return placeholderOnboardCommand(buildCatalog(loaded), loaded.env)(path);
  } catch {
    return undefined;
  }
}

export function runConfigSet(expression: string, raw: string, options: { json?: boolean }): void {
  const path = resolveConfigPath();
  const edit = checkedEdit();
  const result = setConfigValue(path, expression, parseCliValue(raw), {
    check: edit.check,
    typed: raw,
  });
  // `agents.defaults.models` is the allowlist once it has an entry: never turned on or off, nor a
  // model shut out, without a word (as models aliases add and onboarding say it).
  const allowlist = result.changed ? edit.allowlist() : { note: undefined, blocked: undefined };
  // `$GW_TOKEN` for `${GW_TOKEN}` is kept as written: said now, not found at the first request.
  const bare = typeof result.value === "string" ? bareReferences(result.value)[0] : undefined;
  const literal = bare === undefined ? undefined : bareReferenceWords(bare);
  const keyNotUsed = writtenKeysNotUsed(result.segments);
  const dropped = result.changed
    ? droppedKeysWarning(result.segments, result.previous, result.value, path)
    : undefined;
  const warnings = [
    ...result.warnings,
    ...(allowlist.blocked ? [allowlist.blocked] : []),
    ...(literal ? [`${result.path}: ${literal.message}; ${literal.hint}`] : []),
    // The docs' `sk-...` pasted as a key: valid config, but no key; said now, as validate says it.
    ...placeholderKeyFindings(
      result.value,
      undefined,
      result.segments,
      placeholderOnboardOfEdit,
    ).map((finding) => `${finding.path}: ${finding.message}; ${finding.hint}`),
    // A default or fallback the provider retired, or whose provider has no key: said now, as
    // models set says it, of the members this edit wrote only (all of them when the chain before
    // it is not known).
    ...(setsDefaultChain(result.segments) ? chainWarningsOfEdit(edit.chainBefore()) : []),
    // A key written while a stored profile or a variable wins: the write succeeded, unused.
    ...keyNotUsed.map((entry) => entry.message),
    // An object replaced whole by one that leaves out keys it had: which went, and how to add one.
    ...(dropped ? [dropped] : []),
  ];
  // With --json they are the object's `warnings`, not said again on stderr.
  if (!options.json) printWarnings(warnings);
  const shown = redact(result.value, result.segments);
  const { overrides, keysLeftOutOfBackup } = result;
  if (options.json) {
    printJson({
      ok: true,
      path,
      key: result.path,
      value: shown,
      changed: result.changed,
      ...(overrides ? { overrides } : {}),
      ...leftOutJson(keysLeftOutOfBackup),
      ...(allowlist.note ? { note: allowlist.note } : {}),
      ...(keyNotUsed.length > 0
        ? { keyNotUsed: keyNotUsed.map(({ message: _message, ...entry }) => entry) }
        : {}),
      warnings,
    });
    return;
  }
  const where = `(${result.changed ? path : `${path}: already so, nothing written`})`;
  process.stdout.write(`${style.green("✓")} ${done(setEcho(result.path, shown), where)}\n`);
  if (overrides) process.stdout.write(`  ${overrideNote(overrides, basename(path))}\n`);
  printLeftOut(keysLeftOutOfBackup, path);
  if (allowlist.note) process.stdout.write(`  ${allowlist.note}\n`);
}

/** `keysLeftOutOfBackup` of `--json`: the dotted paths whose key the `.bak` does not keep. */
function leftOutJson(leftOut: LeftOutKey[] | undefined): { keysLeftOutOfBackup?: string[] } {
  return leftOut ? { keysLeftOutOfBackup: leftOut.map((key) => key.path) } : {};
}

/**
 * Taking a key out of the file takes it off the disk, the `.bak` included: said, so that nobody
 * looks for it there.
 */
function printLeftOut(leftOut: LeftOutKey[] | undefined, path: string): void {
  if (leftOut) process.stdout.write(`  ${leftOutOfBackupNote(leftOut, `${basename(path)}.bak`)}\n`);
}

/** What became of the value an included file holds where `config set` wrote one in the main file. */
function overrideNote(overrides: IncludedOverride, main: string): string {
  const where = formatOrigin(overrides);
  return overrides.merges
    ? `${where} sets it too (included with $include): ${main}'s object is merged over that one, whose other keys still apply`
    : `the old value is set in ${where} (included with $include), which ${main} now overrides`;
}

export function runConfigUnset(expression: string, options: { json?: boolean }): void {
  const path = resolveConfigPath();
  const edit = checkedEdit();
  const result = unsetConfigValue(path, expression, { check: edit.check });
  // Taking the last entry out of agents.defaults.models lets every model back in: said.
  const allowlist = edit.allowlist();
  const warnings = [...result.warnings, ...(allowlist.blocked ? [allowlist.blocked] : [])];
  // With --json they are the object's `warnings`, not said again on stderr.
  if (!options.json) printWarnings(warnings);
  if (options.json) {
    printJson({
      ok: true,
      path,
      key: result.path,
      removed: true,
      changed: true,
      ...leftOutJson(result.keysLeftOutOfBackup),
      ...(allowlist.note ? { note: allowlist.note } : {}),
      warnings,
    });
    return;
  }
  process.stdout.write(`${style.green("✓")} ${done(`removed ${result.path}`, `(${path})`)}\n`);
  printLeftOut(result.keysLeftOutOfBackup, path);
  if (allowlist.note) process.stdout.write(`  ${allowlist.note}\n`);
}

export function runConfigSchema(): void {
  printJson(configJsonSchema());
}

/** A problem or warning of `config validate`, where it is written when that is known. */
type ValidateFinding = CatalogFinding & { file?: string; line?: number };

/** A config notice (a key written twice, an unset variable) as a warning of `config validate`. */
function asFinding(notice: ConfigNotice): ValidateFinding {
  return {
    level: "warning",
    path: notice.path,
    message: notice.message,
    ...(notice.hint ? { hint: notice.hint } : {}),
    ...(notice.file ? { file: notice.file } : {}),
    ...(notice.line ? { line: notice.line } : {}),
  };
}

/**
 * One entry of `problems` or `warnings` in `config validate --json`, whatever found it: `path`
 * (absent for a problem with a file itself, such as its syntax), `message`, and `file`, `line`,
 * `hint`, `code` when known.
 */
interface ReportedFinding {
  path?: string;
  message: string;
  file?: string;
  line?: number;
  hint?: string;
  code?: string;
  /** The settings this problem makes unusable too (each said here, not as a finding of its own). */
  affects?: string[];
}

function reported({ path, message, hint, file, line, affects }: ValidateFinding): ReportedFinding {
  return {
    path,
    message,
    ...(file ? { file } : {}),
    ...(line ? { line } : {}),
    ...(hint ? { hint } : {}),
    ...(affects ? { affects } : {}),
  };
}

/** A config that cannot be loaded, as `problems`: each schema issue, or the one error. */
function loadProblems(error: ConfigError): ReportedFinding[] {
  if (error.issues.length > 0) return error.issues.map((issue) => ({ ...issue, code: error.code }));
  return [
    {
      message: error.message,
      ...(error.file ? { file: error.file } : {}),
      ...(error.line ? { line: error.line } : {}),
      ...(error.hint ? { hint: error.hint } : {}),
      code: error.code,
    },
  ];
}

/** ` (file:line)` after a finding's message, or "" when its place is not known. */
function writtenAt(finding: ValidateFinding): string {
  return finding.file ? ` (${finding.file}${finding.line ? `:${finding.line}` : ""})` : "";
}

/**
 * The usage ledger the gateway would write and `openclaw usage` would read (null: turned off), and
 * whether the config sets its path; undefined when that path names a variable not set (a warning
 * says so already).
 */
function validatedLedger(loaded: LoadedConfig): { path: string | null; set: boolean } | undefined {
  const ledger = loaded.config.gateway?.ledger;
  if (ledger?.enabled === false) return { path: null, set: ledger.path !== undefined };
  if (loaded.unresolved.includes("gateway.ledger.path")) return undefined;
  return {
    path: ledgerLocation(loaded.config, resolveStateDir()),
    set: ledger?.path !== undefined,
  };
}

export function runConfigValidate(options: { json?: boolean }): void {
  const path = resolveConfigPath();
  let loaded: ReturnType<typeof loadConfig>;
  try {
    loaded = loadConfig({ path });
  } catch (error) {
    if (options.json && error instanceof ConfigError) {
      // The same object as for a config that loads: its problems are the reasons it does not.
      printJson({
        valid: false,
        path,
        exists: existsSync(path),
        files: readableFiles(path) ?? (existsSync(path) ? [path] : []),
        providers: [],
        configuredProviders: [],
        problems: loadProblems(error),
        warnings: [],
        ignored: [],
      });
      process.exitCode = 1;
      return;
    }
    throw error;
  }
  const catalog = buildCatalog(loaded);
  const notices = configNotices(loaded).map(asFinding);
  const findings: ValidateFinding[] = [
    ...withOrigins(catalog, [
      // A provider's problem once, with what it affects, not again for each ref to its models.
      ...foldSharedCauses(checkCatalog(catalog)),
      ...placeholderKeyFindings(
        loaded.written,
        placeholderUnusedHint(catalog, {
          agentDir: agentDir(resolveStateDir()),
          env: loaded.env,
        }),
        [],
        placeholderOnboardCommand(catalog, loaded.env),
      ),
      ...keyShapedNameFindings(loaded.written),
    ]),
    ...notices,
  ];
  const errors = findings.filter((finding) => finding.level === "error");
  const warnings = findings.filter((finding) => finding.level === "warning");
  const valid = errors.length === 0;
  const configured = configuredProviders(catalog);
  const ledger = validatedLedger(loaded);
  if (options.json) {
    printJson({
      valid,
      path,
      exists: loaded.exists,
      files: loaded.files,
      providers: [...catalog.providers.keys()],
      configuredProviders: configured,
      ...(ledger === undefined ? {} : { ledger: ledger.path }),
      problems: errors.map(reported),
      warnings: warnings.map(reported),
      ignored: loaded.ignoredSections,
    });
  } else {
    const out = process.stdout;
    // Each line fitted to the terminal (or $COLUMNS), its further lines under its text, as
    // doctor's findings are; a path or a file:line too wide stays whole.
    const width = terminalWidth(out);
    if (!loaded.exists)
      out.write(
        `${besideLabel(`${style.yellow("!")} `, wrapAfterLabel(`${path} does not exist yet: using built-in defaults`, 2, width))}\n`,
      );
    for (const finding of findings) {
      const mark = finding.level === "error" ? style.red("✗") : style.yellow("!");
      const text = withAffects(`${finding.path}: ${finding.message}${writtenAt(finding)}`, finding);
      const hint = finding.hint
        ? `\n${besideLabel("  hint: ", wrapAfterLabel(finding.hint, 8, width))}`
        : "";
      writeShown(out, `${besideLabel(`${mark} `, wrapAfterLabel(text, 2, width))}${hint}\n`);
    }
    if (loaded.ignoredSections.length > 0) {
      const ignored = `ignored (not used by this tool): ${loaded.ignoredSections.join(", ")}`;
      out.write(`${style.dim(wrapAfterLabel(ignored, 0, width))}\n`);
    }
    if (valid) {
      const count = configured.length;
      const providers =
        count === 0
          ? "no providers configured"
          : `${count} provider${count === 1 ? "" : "s"} configured`;
      const warned = warnings.length
        ? `, ${warnings.length} warning${warnings.length === 1 ? "" : "s"}`
        : "";
      const text = `config is valid: ${path} (${providers}${warned})`;
      out.write(`${besideLabel(`${style.green("✓")} `, wrapAfterLabel(text, 2, width))}\n`);
    }
    if (ledger?.set && ledger.path !== null) {
      const used = `usage ledger: ${ledger.path} (gateway.ledger.path)`;
      out.write(`${style.dim(wrapAfterLabel(used, 0, width))}\n`);
    }
  }
  if (!valid) process.exitCode = 1;
}
