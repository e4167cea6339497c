import type { Command } from "commander";
import type { Catalog } from "../../catalog/index.js";
import { OpenClawError, UsageError } from "../../errors.js";
import type { PruneOutcome } from "../../onboard/index.js";
import { shellQuotedName, shellWord } from "../../util/shell-word.js";
import { didYouMean } from "../../util/suggest.js";
import type { PruneReport } from "../prune-output.js";

/** Loads the library and the renderers only when a `models` subcommand runs. */
async function lib() {
  const [
    onboard,
    output,
    rendering,
    pruneRendering,
    catalog,
    modelArgument,
    config,
    unlisted,
    chainWarnings,
    retired,
    json,
    spinners,
  ] = await Promise.all([
    import("../../onboard/index.js"),
    import("../output.js"),
    import("../models-output.js"),
    import("../prune-output.js"),
    import("../../catalog/index.js"),
    import("../model-argument.js"),
    import("../../config/index.js"),
    import("../../doctor/unlisted-models.js"),
    import("../chain-warnings-now.js"),
    import("../../onboard/retired-chain.js"),
    import("../models-json.js"),
    import("../request-spinner.js"),
  ]);
  return {
    ...onboard,
    chainWarningsNow: chainWarnings.chainWarningsNow,
    retiredAliasWarning: retired.retiredAliasWarning,
    modelListJson: json.modelListJson,
    modelsStatusJson: json.modelsStatusJson,
    probesJson: json.probesJson,
    requestSpinner: spinners.requestSpinner,
    checkKeyStarting: spinners.checkKeyStarting,
    ...output,
    ...rendering,
    ...pruneRendering,
    checkCatalog: catalog.checkCatalog,
    foldSharedCauses: catalog.foldSharedCauses,
    withOrigins: catalog.withOrigins,
    possiblyRetiredHint: catalog.possiblyRetiredHint,
    noKeyHint: catalog.NO_KEY_NO_DEFAULT_HINT,
    resolveRef: catalog.resolveRef,
    formatRef: catalog.formatRef,
    maskKeyShapedNames: config.maskKeyShapedNames,
    sectionsWrittenTwice: config.sectionsWrittenTwice,
    unlistedModels: unlisted.unlistedModels,
    /**
     * Where in `catalog`'s files (includes followed) the value at a dotted path is written, as
     * `file:line`; undefined when it is not written there (or the files cannot be read).
     */
    placeIn(catalog: Catalog): (path: string) => string | undefined {
      if (!catalog.source.exists) return () => undefined;
      const locate = config.configValueLocator(catalog.source.path);
      return (path) => {
        const origin = locate(config.parsePath(path));
        return origin ? config.formatOrigin(origin) : undefined;
      };
    },
    /** The ref a model or alias typed on the command line names; one that names nothing exits 2. */
    typedModel(catalog: Parameters<typeof onboard.canonicalModel>[0], input: string): string {
      try {
        return onboard.canonicalModel(catalog, input);
      } catch (error) {
        throw modelArgument.modelArgumentError(error, input);
      }
    },
  };
}

type Lib = Awaited<ReturnType<typeof lib>>;

/**
 * Refuses (exit 2, before anything is written) a model of openclaw's built-in list only that the
 * provider's models list in the config leaves out: the provider may have retired it. `--force`
 * lets it through. `refused` says what was not done, `anyway` how to do it regardless.
 */
function refusePossiblyRetired(
  l: Lib,
  catalog: Catalog,
  ref: string,
  force: boolean | undefined,
  words: { refused: string; anyway: string },
): void {
  const retired = force ? undefined : l.possiblyRetiredHint(catalog, ref);
  if (!retired) return;
  throw new OpenClawError("model.possibly_retired", `${ref} ${words.refused}: ${retired}`, {
    hint: words.anyway,
    exitCode: 2,
  });
}

/** One edit of the config, as editModelsConfig applies it. */
type ModelsEdit = Parameters<Lib["editModelsConfig"]>[1];

/**
 * `models set` and `models fallbacks add`: puts the model `typed` names into the chain by `edit`
 * (as the default, or a fallback) and says what was done. A model of openclaw's built-in list
 * that the config's list leaves out is refused before anything is written (`refusal` says what
 * was not done and how to do it anyway), unless --force: the default is tried on every request,
 * a fallback on every failure of the default. After the edit, a model of the chain the provider
 * retired (404 every time) or whose provider has no key (passed over) is a warning: said now,
 * not first by a 404 or by doctor.
 */
async function writeChainMember(
  typed: string,
  options: { json?: boolean; force?: boolean },
  refusal: (ref: string) => { refused: string; anyway: string },
  edit: (
    l: Lib,
    config: Parameters<ModelsEdit>[0],
    ref: string,
    catalog: Catalog,
  ) => ReturnType<ModelsEdit>,
): Promise<void> {
  const l = await lib();
  let ref = "";
  const result = l.editModelsConfig(process.env, (config, catalog) => {
    ref = l.typedModel(catalog, typed);
    refusePossiblyRetired(l, catalog, ref, options.force, refusal(ref));
    return edit(l, config, ref, catalog);
  });
  const written = (member: { ref: string }) => member.ref === ref;
  const { retired, keyless } = l.chainWarningsNow(process.env, { written, typed });
  // Retired: of a model this edit wrote; one already there was not written again.
  const warnings = [...(result.changed ? retired : []), ...keyless];
  reportEdit(l, options.json, withWarnings(result, warnings), { model: ref });
}

/** `result` with `more` after its own warnings. */
function withWarnings<T extends { warnings?: string[] }>(result: T, more: readonly string[]): T {
  return more.length === 0
    ? result
    : { ...result, warnings: [...(result.warnings ?? []), ...more] };
}

/**
 * What an edit of the config says: its line, or with --json `{ok, changed, message, configPath}`
 * and what the command names (`model`, `alias`).
 */
function reportEdit(
  l: Lib,
  json: boolean | undefined,
  result: { message: string; changed: boolean; configPath: string; warnings?: string[] },
  fields: Record<string, unknown> = {},
): void {
  // With --json the warnings are in the object (`warnings`), not said again on stderr.
  if (json) {
    l.printJson({ ok: true, ...fields, ...result });
    return;
  }
  for (const warning of result.warnings ?? []) l.printWarning(warning);
  // The message quotes names from the config: any control character in one is shown escaped.
  // Fitted to the terminal (else $COLUMNS) as a prune's lines are: further lines indented by two.
  l.writeShown(
    process.stdout,
    `${l.wrapHanging(l.printable(result.message), 2, l.terminalWidth())}\n`,
  );
}

/**
 * The default model and fallbacks a scan found gone (retired, or not for this key), each with
 * what to do: requests go to them and get a 404.
 */
function goneFromChain(
  l: Lib,
  results: readonly import("../../onboard/index.js").ScanResult[],
  catalog: Pick<Catalog, "primary" | "fallbacks" | "aliases" | "source">,
  added: readonly string[],
): import("../models-output.js").GoneFromChain[] {
  return l.goneInChain(results, catalog, added).map((gone) => ({
    ...gone,
    todo: gone.role === "the default model" ? "Make another the default" : "Take it out",
  }));
}

/** What to check when no provider could be scanned: the cause the lines above name. */
function scanFailureHint(
  results: ReadonlyArray<{ status: string; message: string | undefined }>,
): string {
  const failed = results.filter((result) => result.status === "error");
  // Every provider lacked a key: with one, what its line says to run (the onboard command for
  // its endpoint, the variables it reads); with more, each line says its own.
  const [only] = results;
  if (failed.length === 0 && results.length === 1 && only?.message?.includes("; run: "))
    return only.message.slice(only.message.indexOf("; run: ") + 2);
  if (failed.length === 0)
    return "run: openclaw onboard (each provider's own message names its command and key)";
  // A failure to connect (a name that does not resolve, a refused connection) is not the key's.
  if (failed.every((result) => result.message?.startsWith("could not reach ")))
    return "check the network, a proxy (HTTPS_PROXY) and each provider's baseUrl: openclaw doctor checks them";
  // No model list where the base URL points: each line names the address to set.
  if (failed.every((result) => result.message?.includes(", where no API answers")))
    return "fix each provider's baseUrl as its line says";
  return "check the keys with: openclaw models status --probe";
}

/**
 * `--prune`: the models the lists prove gone out of the main file, in one edit under its lock
 * (checked again there: the chain may have changed since the scan), what that did to the
 * allowlist said. `again` is the command to run once a refusal's chain is fixed; `added`, the
 * refs `--add` has just written, which a refusal's hint does not send the person to add again.
 */
function pruneScanned(
  l: Lib,
  results: readonly import("../../onboard/index.js").ScanResult[],
  again: string,
  added: readonly string[],
): PruneReport & { warnings: string[] } {
  let outcome: PruneOutcome = { removed: [], builtIn: [], elsewhere: [] };
  const edit = l.editModelsConfig(
    process.env,
    (config, catalog) => {
      const refusal = l.pruneRefusal(
        l.goneInChain(results, catalog, added),
        again,
        false,
        l.placeIn(catalog),
      );
      if (refusal) throw refusal;
      outcome = l.pruneGoneModels(config, catalog, results);
      return {
        message: l.pruneMessage(
          outcome,
          catalog.source.path,
          results.some((result) => result.status === "ok"),
        ),
        changed: outcome.removed.length > 0,
      };
    },
    {
      // Shut out on purpose: not named as models the allowlist now refuses.
      meantToGo: () => outcome.removed,
      // A key goes only with the gone model's entry, not because it was asked to: the .bak is
      // the file as it was, the one copy of that key left, which the report then names.
      backup: "as-was",
    },
  );
  let allowlist = false;
  let elsewhere: Pick<import("../../onboard/index.js").EntriesOfRef, "ref" | "included">[] =
    outcome.elsewhere.map((ref) => ({ ref, included: [] }));
  try {
    const { catalog } = l.openModelsContext();
    allowlist = catalog.allowlist !== undefined;
    elsewhere = l.entriesOfRefs(catalog, outcome.elsewhere);
  } catch {
    // Changed since by another process: the next command says how; the words assume none.
  }
  const included = l.includedWarning(elsewhere, edit.configPath);
  return {
    outcome,
    message: edit.message,
    written: edit.changed,
    configPath: edit.configPath,
    allowlist,
    keysKeptInBackup: (edit.keysKeptInBackup ?? []).map((key) => key.path),
    skipped: results.filter((result) => result.status !== "ok").map((result) => result.provider),
    warnings: [...edit.warnings, ...(included ? [included] : [])],
  };
}

/** `words command` on one line; too wide for it, the command on its own, whole, to be copied. */
function suggestion(l: Lib, words: string, command: string): string {
  const fits = l.visibleWidth(`${words} ${command}`) <= l.terminalWidth();
  return `${words}${fits ? " " : "\n  "}${command}\n`;
}

/**
 * `--provider` naming no provider (exit 2, a usage mistake): the close name suggested, as `models
 * set moonshto/…` does, and every provider listed.
 */
function unknownProvider(catalog: Pick<Catalog, "providers">, typed: string): OpenClawError {
  const hint = `known providers: ${[...catalog.providers.keys()].join(", ")}`;
  if (typed.trim() === "") {
    return new OpenClawError("model.unknown_provider", "--provider is empty: name one provider", {
      hint,
      exitCode: 2,
    });
  }
  const near = didYouMean(typed.trim().toLowerCase(), catalog.providers.keys());
  return new OpenClawError(
    "model.unknown_provider",
    `unknown provider "${typed}"${near ? `: ${near}` : ""}`,
    { hint: `known providers: ${[...catalog.providers.keys()].join(", ")}`, exitCode: 2 },
  );
}

/** What `models scan` takes. */
interface ScanOptions {
  provider?: string;
  add?: boolean;
  prune?: boolean;
  json?: boolean;
}

function examples(lines: string[]): string {
  return `\nExamples:\n${lines.map((line) => `  ${line}`).join("\n")}`;
}

function exclusive(options: { json?: boolean; plain?: boolean }): void {
  if (options.json && options.plain)
    throw new UsageError(
      "--json and --plain cannot be used together",
      "pick one: --json for scripts that parse JSON, --plain for line-based tools",
    );
}

/**
 * What each tag and Auth word of `models list` means: a tag names a state a person may have to
 * act on (a refused model), so every one is explained where the list is.
 */
const LIST_TAGS_HELP = `

Tags:
  default           the model used when none is named
  fallback#N        tried Nth when the default fails
  (left out)        after default or fallback#N: its provider cannot be
                    used, so the default chain goes on without it
  answers default   the fallback that answers the default in place of a
                    default model left out
  configured        has an entry under agents.defaults.models
  alias:X           can be named X (models set X, agent --model X)
  missing           named by the config, but no provider defines it
  retired: use X    per openclaw's built-in list (read offline), an id the
                    provider's API no longer serves (requests get 404); X
                    is the model to use instead; what your key can use:
                    openclaw models status --probe
  unusable: api X   its provider's api is one this version does not speak
                    (run: openclaw config validate)
  unusable: config  a setting of its provider fails the config's
                    check, so that provider is disabled and the others
                    run (run: openclaw config validate)
  not allowed       agents.defaults.models lists other models and not this
                    one, so a request for it is refused; add it there, or
                    make it the default with: openclaw models set <ref>

Auth: where the provider's key comes from (env, profile, …); "none" when
it has no usable key (run: openclaw onboard), "not needed" when it is
called without one (authHeader: false).`;

export function registerModels(program: Command): void {
  const models = program
    .command("models")
    .description("see and change models, aliases, fallbacks and which key each provider uses")
    .addHelpText(
      "after",
      examples([
        "openclaw models list",
        "openclaw models status --check",
        'openclaw models set "Kimi K2.5"',
        "openclaw models scan --provider moonshot --add",
      ]),
    );

  models
    .command("list")
    .description(
      "list models with input, context, whether local, auth and tags (default, fallback#N, configured, alias:X, missing, unusable, not allowed)",
    )
    .option("--all", "every model in the catalog, not only the configured ones")
    .option("--provider <id>", "only this provider's models")
    .option("--local", "only models served from this machine or its local network")
    .option("--json", "machine-readable output")
    .option("--plain", "one ref per line")
    .addHelpText(
      "after",
      examples([
        "openclaw models list",
        "openclaw models list --all --provider kimi-code",
        "openclaw models list --local --plain",
        "openclaw models list --json",
      ]) + LIST_TAGS_HELP,
    )
    .action(
      async (options: {
        all?: boolean;
        provider?: string;
        local?: boolean;
        json?: boolean;
        plain?: boolean;
      }) => {
        exclusive(options);
        const l = await lib();
        const context = l.openModelsContext();
        const wanted = options.provider?.toLowerCase();
        // An empty --provider (`--provider "$P"`, P unset) is no provider, not every one.
        if (wanted !== undefined && !context.catalog.providers.has(wanted)) {
          const broken = context.catalog.problems.find((problem) => problem.provider === wanted);
          if (broken && !broken.schema)
            throw new OpenClawError("model.provider_broken", broken.message, {
              ...(broken.hint ? { hint: broken.hint } : {}),
              where: broken.path,
            });
          // One a schema problem disables is listed, its models marked, as without --provider.
          if (!broken) throw unknownProvider(context.catalog, options.provider ?? wanted);
        }
        // A config problem (a provider without baseUrl) can empty the list: say so, not "onboard".
        // A provider's problem once, with what it affects, not again for each ref to its models.
        const problems = l.foldSharedCauses(l.checkCatalog(context.catalog));
        // With --json they are the object's `problems`, not said again on stderr.
        if (problems.length > 0 && !options.json)
          l.writeShown(process.stderr, `${l.renderConfigWarnings(problems)}\n`);
        // Two snippets merged by hand, a section written twice: the first one's models are missing.
        const pastedTwice = l.sectionsWrittenTwice(context.catalog.source);
        if (pastedTwice && !options.json) l.printWarning(pastedTwice);
        const filters = {
          ...(options.all ? { all: true } : {}),
          ...(options.provider ? { provider: options.provider } : {}),
          ...(options.local ? { local: true } : {}),
        };
        const rows = l.listModelRows(context, filters);
        // Each with the file and line it is written at, as models status and config validate give it.
        if (options.json)
          l.printJson(l.modelListJson(rows, l.withOrigins(context.catalog, problems)));
        else if (options.plain)
          l.writeShown(process.stdout, rows.map((row) => `${row.ref}\n`).join(""));
        else
          l.writeShown(
            process.stdout,
            // Masked before the table is laid out, so that its columns line up.
            `${l.renderModelTable(
              rows.map((row) => ({ ...row, ref: l.maskKeyShapedNames(row.ref) })),
              { ...filters, configProblems: problems.length > 0 },
            )}\n`,
          );
      },
    );

  models
    .command("status")
    .description(
      "show the default model, fallbacks, aliases and, per provider, which key source wins (masked)",
    )
    .option("--json", "machine-readable output")
    .option("--plain", "tab-separated lines")
    .option(
      "--check",
      "exit 1 when no model of the default chain has a usable key (or, with --probe, the answering one's key is rejected or a proxy refuses its login), or none can be used; a primary left out or without a key while a fallback answers is a warning (exit 0)",
    )
    .option(
      "--probe",
      "try each provider's key against its endpoint (one GET /models each), and show the balance or plan quota left",
    )
    .addHelpText(
      "after",
      examples([
        "openclaw models status",
        "openclaw models status --check --plain",
        "openclaw models status --probe --check",
      ]),
    )
    .action(
      async (options: { json?: boolean; plain?: boolean; check?: boolean; probe?: boolean }) => {
        exclusive(options);
        const l = await lib();
        const context = l.openModelsContext();
        const found = l.modelsStatus(context, context.authStorePath);
        // Each config problem with the file and line it is written at, as config validate says it.
        const status = { ...found, problems: l.withOrigins(context.catalog, found.problems) };
        let probes: Awaited<ReturnType<typeof l.probeStatusKeys>> | undefined;
        if (options.probe) {
          // Drawn when the first key goes out: none does when no provider has one.
          const spinner = l.requestSpinner("trying the keys with the providers…", !options.json);
          try {
            probes = await l.probeStatusKeys(context, status, l.checkKeyStarting(spinner));
          } finally {
            spinner.stop();
          }
        }
        const rejected = l.defaultKeyRejected(status, probes);
        const problem = status.defaultProblem ?? rejected?.message;
        // Configured models the probed lists leave out: a warning, as doctor --probe gives it.
        const unlisted = probes ? l.unlistedModels(context.catalog, probes) : [];
        // A check failing on the default's problem says it as the error (on stderr), with its
        // hint: not also as the status's closing warning, the same sentence twice on one terminal.
        const shown =
          options.check && status.defaultProblem
            ? { ...status, defaultProblem: undefined }
            : status;
        // Likewise a check failing on the answering provider's refused key: its probe line points
        // to the error instead of giving the same message and hint above it. It names the stream,
        // not a place ("below"): with stdout piped or redirected the error is not under it.
        const shownProbes =
          options.check && !status.defaultProblem && rejected
            ? probes?.map((probe) =>
                probe.provider === rejected.provider
                  ? {
                      ...probe,
                      result: {
                        ...probe.result,
                        message: "failed: the error: line on stderr says why and what to do",
                        hint: undefined,
                      },
                    }
                  : probe,
              )
            : probes;
        if (options.json)
          l.printJson({
            ...l.modelsStatusJson(status),
            ...l.probesJson(probes, unlisted),
            ok: !problem,
          });
        else if (options.plain) {
          l.writeShown(process.stdout, `${l.renderStatusPlain(shown, probes, unlisted)}\n`);
          l.writeShown(
            process.stderr,
            l.renderStatusPlainWarnings(shown, l.terminalWidth(process.stderr)),
          );
        } else
          l.writeShown(
            process.stdout,
            `${l.renderStatus(shown, shownProbes, undefined, unlisted)}\n`,
          );
        if (options.check && problem) {
          throw new OpenClawError("models.check_failed", problem, {
            hint:
              (status.defaultProblem ? status.defaultHint : rejected?.hint) ??
              "run: openclaw onboard   (or set the provider's key variable)",
          });
        }
      },
    );

  models
    .command("set <model>")
    .description("make a model (ref or alias) the default; if it was a fallback, it leaves them")
    .option("--json", "machine-readable output")
    .option(
      "--force",
      "set a model of openclaw's built-in list that the provider's models list in the config leaves out (the provider may have retired it); refused without",
    )
    .addHelpText(
      "after",
      examples(["openclaw models set moonshot/kimi-k2.5", 'openclaw models set "Kimi Code"']),
    )
    .action((model: string, options: { json?: boolean; force?: boolean }) =>
      writeChainMember(
        model,
        options,
        (ref) => ({
          refused: "was not made the default",
          anyway: `to make it the default anyway: openclaw models set ${shellWord(ref)} --force`,
        }),
        (l, config, ref, catalog) => l.setPrimary(config, ref, catalog),
      ),
    );

  const aliases = models
    .command("aliases")
    .description("list, add or remove model aliases")
    .addHelpText(
      "after",
      examples([
        "openclaw models aliases list",
        'openclaw models aliases add "K2.5" moonshot/kimi-k2.5',
        'openclaw models aliases remove "K2.5"',
      ]),
    );
  aliases
    .command("list")
    .description("list aliases")
    .option("--json", "machine-readable output")
    .addHelpText("after", examples(["openclaw models aliases list --json"]))
    .action(async (options: { json?: boolean }) => {
      const l = await lib();
      const { catalog } = l.openModelsContext();
      const { loadConfig } = await import("../../config/index.js");
      const entries =
        loadConfig({ env: process.env, providerProblems: "disable" }).config.agents?.defaults
          ?.models ?? {};
      const listing = l.listAliases(catalog, entries);
      // An alias two models have, or one that names nothing: said, as models list says it.
      const problems = l
        .checkCatalog(catalog)
        .filter((problem) => problem.path.startsWith("agents.defaults.models"));
      if (options.json) {
        l.printJson({ ...listing, problems: l.withOrigins(catalog, problems) });
        return;
      }
      if (problems.length > 0)
        l.writeShown(process.stderr, `${l.renderConfigWarnings(problems)}\n`);
      l.writeShown(process.stdout, `${l.renderAliasTable(listing)}\n`);
    });
  aliases
    .command("add <alias> <model>")
    .description("give a model an alias (a model has one: this replaces any alias it had)")
    .option("--json", "machine-readable output")
    .option(
      "--force",
      "name a model of openclaw's built-in list that the provider's models list in the config leaves out (the provider may have retired it); refused without",
    )
    .addHelpText(
      "after",
      examples(['openclaw models aliases add "Coder" kimi-code/kimi-for-coding']),
    )
    .action(async (alias: string, model: string, options: { json?: boolean; force?: boolean }) => {
      const l = await lib();
      let ref = "";
      let retired: string[] = [];
      const result = l.editModelsConfig(process.env, (config, catalog) => {
        ref = l.typedModel(catalog, model);
        // An alias of a retired id is a 404 by another name: said now.
        retired = l.retiredAliasWarning(catalog, alias, model);
        // An alias writes the model into the allowlist: it would bring the retired model back.
        refusePossiblyRetired(l, catalog, ref, options.force, {
          refused: `was not given the alias ${JSON.stringify(alias)}`,
          anyway: `to give it the alias anyway: openclaw models aliases add ${shellQuotedName(alias)} ${shellWord(ref)} --force`,
        });
        return l.addAlias(config, alias, ref, catalog);
      });
      reportEdit(l, options.json, withWarnings(result, result.changed ? retired : []), {
        alias,
        model: ref,
      });
    });
  aliases
    .command("remove <alias>")
    .description("remove an alias (the model stays configured)")
    .option("--json", "machine-readable output")
    .addHelpText(
      "after",
      examples([
        'openclaw models aliases add "Coder" kimi-code/kimi-for-coding',
        'openclaw models aliases remove "Coder"',
      ]),
    )
    .action(async (alias: string, options: { json?: boolean }) => {
      const l = await lib();
      const result = l.editModelsConfig(process.env, (config, catalog) =>
        l.removeAlias(config, alias, catalog),
      );
      reportEdit(l, options.json, result, { alias });
    });

  const fallbacks = models
    .command("fallbacks")
    .description(
      "list, add, remove or clear fallback models (tried in order when the default fails)",
    )
    .addHelpText(
      "after",
      examples([
        "openclaw models fallbacks list",
        "openclaw models fallbacks add kimi-code/kimi-for-coding",
        "openclaw models fallbacks remove kimi-code/kimi-for-coding",
        "openclaw models fallbacks clear",
      ]),
    );
  fallbacks
    .command("list")
    .description("list fallbacks in order")
    .option("--json", "machine-readable output")
    .addHelpText("after", examples(["openclaw models fallbacks list --json"]))
    .action(async (options: { json?: boolean }) => {
      const l = await lib();
      const catalog = l.openModelsContext().catalog;
      const written = catalog.fallbacks;
      // Each by the model it names, as models status shows it; one written as an alias keeps
      // that beside it (--json: `written`, in the same order), so scripts get refs they can use.
      const refs = written.map((entry) => {
        try {
          return l.formatRef(l.resolveRef(catalog, entry, true));
        } catch {
          return entry; // names no model: config validate says so; shown as written
        }
      });
      // A fallback that names nothing (a typo, an alias gone) makes the whole default chain fail:
      // said, as models list says it, not listed as if it were fine.
      const problems = l
        .checkCatalog(catalog)
        .filter((problem) => problem.path.startsWith("agents.defaults.model.fallbacks"));
      if (options.json) {
        l.printJson({ fallbacks: refs, written, problems: l.withOrigins(catalog, problems) });
        return;
      }
      if (problems.length > 0)
        l.writeShown(process.stderr, `${l.renderConfigWarnings(problems)}\n`);
      if (refs.length === 0) process.stdout.write("No fallbacks.\n");
      else
        l.writeShown(
          process.stdout,
          refs
            .map((ref, index) => {
              const asWritten = written[index] ?? ref;
              const note = asWritten === ref ? "" : ` (written as "${asWritten}")`;
              return `${index + 1}. ${ref}${note}\n`;
            })
            .join(""),
        );
    });
  fallbacks
    .command("add <model>")
    .description("append a fallback")
    .option("--json", "machine-readable output")
    .option(
      "--force",
      "add a model of openclaw's built-in list that the provider's models list in the config leaves out (the provider may have retired it); refused without",
    )
    .addHelpText("after", examples(["openclaw models fallbacks add kimi-code/kimi-for-coding"]))
    .action((model: string, options: { json?: boolean; force?: boolean }) =>
      writeChainMember(
        model,
        options,
        (ref) => ({
          refused: "was not added as a fallback",
          anyway: `to add it anyway: openclaw models fallbacks add ${shellWord(ref)} --force`,
        }),
        (l, config, ref, catalog) => l.addFallback(config, ref, catalog),
      ),
    );
  fallbacks
    .command("remove <model>")
    .description("remove a fallback")
    .option("--json", "machine-readable output")
    .addHelpText(
      "after",
      examples([
        "openclaw models fallbacks add kimi-code/kimi-for-coding",
        "openclaw models fallbacks remove kimi-code/kimi-for-coding",
      ]),
    )
    .action(async (model: string, options: { json?: boolean }) => {
      const l = await lib();
      let ref = model.trim();
      const result = l.editModelsConfig(process.env, (config, catalog) => {
        try {
          ref = l.canonicalModel(catalog, model);
        } catch {
          // a fallback that no longer resolves can still be removed by its text
        }
        return l.removeFallback(config, ref, catalog);
      });
      reportEdit(l, options.json, result, { model: ref });
    });
  fallbacks
    .command("clear")
    .description("remove every fallback")
    .option("--json", "machine-readable output")
    .addHelpText("after", examples(["openclaw models fallbacks clear"]))
    .action(async (options: { json?: boolean }) => {
      const l = await lib();
      const result = l.editModelsConfig(process.env, (config) => l.clearFallbacks(config));
      reportEdit(l, options.json, result);
    });

  models
    .command("scan")
    .description(
      "ask providers' GET /models which models your key may use; show new and gone ones, and known ones the endpoint describes otherwise",
    )
    .option("--provider <id>", "scan only this provider")
    .option("--add", "write new models into the config with the metadata the endpoint reports")
    .option(
      "--prune",
      "remove from the config the models a provider no longer lists, with their aliases and allowlist entries (refused while the default model or a fallback is one of them)",
    )
    .option("--json", "machine-readable output")
    .addHelpText(
      "after",
      examples([
        "openclaw models scan",
        "openclaw models scan --provider kimi-code",
        "openclaw models scan --provider moonshot --add",
        "openclaw models scan --provider moonshot --add --prune",
      ]),
    )
    .action(async (options: ScanOptions) => {
      const l = await lib();
      const context = l.openModelsContext();
      let ids: string[];
      // An empty --provider is refused as unknown: scanning (and --add to) every provider instead
      // is more than was asked for.
      if (options.provider !== undefined) {
        const id = options.provider.toLowerCase();
        if (!context.catalog.providers.has(id))
          throw unknownProvider(context.catalog, options.provider);
        ids = [id];
      } else {
        ids = l
          .modelsStatus(context, context.authStorePath)
          .providers.map((provider) => provider.provider);
        if (ids.length === 0) {
          // The onboard command every other first-run message gives (both providers' auth
          // choices), then this scan again: it then has a provider to ask.
          throw new OpenClawError("models.nothing_to_scan", "no provider is set up yet", {
            hint: `${l.noKeyHint}, then: openclaw models scan`,
          });
        }
      }
      // Not with --json: a script reads the result, and a spinner is noise on its terminal. Drawn
      // when the first request goes: not above a provider skipped for want of a key.
      const spinner = l.requestSpinner(`Asking ${ids.join(", ")} for their models…`, !options.json);
      const scanning = { ...context, onRequestStart: spinner.requestStarts };
      let results: import("../../onboard/index.js").ScanResult[];
      try {
        // Each provider is its own endpoint: ask them all at once; results keep the order of ids.
        results = await Promise.all(ids.map((id) => l.scanProvider(context.catalog, id, scanning)));
      } finally {
        spinner.stop();
      }
      // Checked before anything is written: a prune refused leaves the file as it was, --add too.
      const again = `openclaw models scan${options.provider ? ` --provider ${options.provider.toLowerCase()}` : ""}${options.add ? " --add" : ""} --prune`;
      const refusal = options.prune
        ? l.pruneRefusal(
            l.goneInChain(results, context.catalog),
            again,
            options.add === true && results.some((result) => result.added.length > 0),
            l.placeIn(context.catalog),
          )
        : undefined;
      let added: string[] = [];
      // Providers whose models an included file lists: adding to the main file would drop those.
      let notAdded: string[] = [];
      if (!refusal && options.add && results.some((result) => result.added.length > 0)) {
        const edit = l.editModelsConfig(process.env, (config, catalog) => {
          notAdded = [];
          added = results.flatMap((result) => {
            const blocked = l.scannedModelsBlocked(config, catalog, result);
            if (blocked) notAdded.push(blocked);
            return blocked ? [] : l.addScannedModels(config, catalog, result);
          });
          return {
            message: `added ${added.length} model${added.length === 1 ? "" : "s"}`,
            changed: added.length > 0,
          };
        });
        if (!options.json) {
          for (const warning of notAdded) l.printWarning(warning);
          // Nothing added because every list is in an included file: the warnings say so and
          // why; "added 0 models to openclaw.json" after them read as if something went wrong.
          if (added.length > 0 || notAdded.length === 0) {
            l.writeShown(
              process.stdout,
              `${l.wrapHanging(`${edit.message} to ${edit.configPath}`, 2, l.terminalWidth())}\n`,
            );
          }
        }
      }
      // After --add, so that the .bak holds the file as it was before the prune.
      let pruned: ReturnType<typeof pruneScanned> | undefined;
      // Refused under the lock (the chain changed since the scan): said as the check before is,
      // with what --add has written already (--json: `added`).
      let refused = refusal;
      try {
        pruned = options.prune && !refusal ? pruneScanned(l, results, again, added) : undefined;
      } catch (error) {
        if (!(error instanceof OpenClawError) || error.code !== "models.prune_refused") throw error;
        refused = error;
      }
      const removed = pruned?.outcome.removed ?? [];
      // The `~ differs` commands name entries by their place in the file: after a prune, the
      // place each has now (text and --json alike).
      if (pruned?.written) {
        try {
          const { catalog } = l.openModelsContext();
          results = results.map((result) => ({
            ...result,
            differences: l.differencesNow(catalog, result),
          }));
        } catch {
          // Changed since by another process: the next command says how.
        }
      }
      if (pruned && !options.json) {
        for (const warning of pruned.warnings) l.printWarning(warning);
        l.writeShown(process.stdout, `${l.renderPrune(pruned)}\n`);
      }
      // Nothing scanned is a failure: with --json the common failure object, each provider's
      // status and message kept in it.
      const failure = results.every((result) => result.status !== "ok")
        ? new OpenClawError("models.scan_failed", "no provider could be scanned", {
            hint: scanFailureHint(results),
          })
        : undefined;
      if (options.json) {
        if (failure) {
          const { jsonError } = await import("../../util/error-json.js");
          l.printJson({ ok: false, error: jsonError(failure), providers: results, added, removed });
        } else if (refused) {
          const { jsonError } = await import("../../util/error-json.js");
          l.printJson({ ok: false, error: jsonError(refused), providers: results, added, removed });
        } else {
          l.printJson({
            providers: results,
            added,
            ...(notAdded.length > 0 ? { notAdded } : {}),
            removed,
            ...(pruned
              ? {
                  prune: {
                    configPath: pruned.configPath,
                    written: pruned.written,
                    message: pruned.message,
                    builtIn: pruned.outcome.builtIn,
                    keysKeptInBackup: pruned.keysKeptInBackup,
                    notPruned: pruned.skipped,
                    warnings: pruned.warnings,
                  },
                }
              : {}),
          });
        }
      } else {
        // A provider whose name is a pasted key is named masked, in its lines and the commands.
        const write = (text: string) => l.writeShown(process.stdout, text);
        write(`${results.map((result) => l.renderScan(result, added, removed)).join("\n\n")}\n`);
        // The same scan again, with --add or --prune: the provider too when one was named.
        const only = options.provider ? ` --provider ${options.provider.toLowerCase()}` : "";
        if (!options.add && results.some((result) => result.added.length > 0))
          write(suggestion(l, "Add the new ones with:", `openclaw models scan${only} --add`));
        // Not while the chain names one: the prune would be refused (the lines below say why).
        const chain = goneFromChain(l, results, context.catalog, added);
        // Not for entries only a file the config includes holds: --prune edits only the main file.
        if (
          !options.prune &&
          chain.length === 0 &&
          l
            .entriesOfRefs(context.catalog, l.prunableRefs(results, context.catalog))
            .some((entry) => entry.inMainFile)
        )
          write(
            suggestion(
              l,
              "Remove the gone ones from the config with:",
              `openclaw models scan${only} --prune`,
            ),
          );
        for (const gone of chain) write(`${l.renderGoneFromChain(gone)}\n`);
      }
      if (failure) throw failure;
      if (refused) throw refused;
    });
}
