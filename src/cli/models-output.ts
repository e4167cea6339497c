/** Rendering for the `models` commands: tables for people, `--plain` lines for scripts. */

import {
  type Credit,
  creditExhausted,
  describeCredit,
  quotaWindowText,
  type RemoteModel,
  windowsLeftOutText,
} from "../auth/index.js";
import {
  type Catalog,
  type CatalogFinding,
  canonicalRef,
  describeProblem,
  MODEL_DEFAULTS,
  NO_KEY_NO_DEFAULT_HINT,
  withAffects,
} from "../catalog/index.js";
import type { UnlistedModels } from "../doctor/unlisted-models.js";
import {
  formatContext,
  type KeyProbe,
  type ModelRow,
  type ModelsStatus,
  NO_KEY_NEEDED,
  type ScanResult,
} from "../onboard/index.js";
import { displayUrl } from "../util/display-url.js";
import { continuedExampleLines } from "./example-lines.js";
import { fieldLines } from "./field-lines.js";
import {
  besideLabel,
  labelledText,
  printable,
  renderTable,
  style,
  terminalWidth,
  visibleWidth,
  warningText,
  wrapAfterLabel,
  wrapCell,
  wrapHanging,
  wrapText,
} from "./output.js";
import { sameKeyAsWinner } from "./same-key-source.js";

function authWord(row: ModelRow): string {
  // Its provider is disabled: no key is looked for (the tag says why).
  if (row.disabled !== undefined) return "-";
  if (!row.auth.available || !row.auth.source) return style.yellow("none");
  // A provider called without a key says so whole; a key source by its kind (env, profile, …).
  if (row.auth.source === NO_KEY_NEEDED) return row.auth.source;
  return row.auth.source.split(" ")[0] ?? "yes";
}

/** The filters `models list` was given, so that an empty list says which one emptied it. */
export interface ListFilters {
  all?: boolean;
  provider?: string;
  local?: boolean;
  /** The config has problems (shown apart): an empty list is then their doing, not onboarding's. */
  configProblems?: boolean;
}

function emptyListMessage(filters: ListFilters): string {
  const widen = filters.all ? "" : " (see the whole catalog with --all)";
  if (filters.local) {
    const whose = filters.provider
      ? `${filters.provider}'s endpoint is not`
      : filters.all
        ? "no provider's endpoint is"
        : "none of the configured providers' endpoints is";
    return `No local models: ${whose} on this machine or its local network${widen}.`;
  }
  if (filters.configProblems)
    return `No usable models${filters.provider ? ` of ${filters.provider}` : ""}: the config has problems (see the warnings above, or run: openclaw config validate).`;
  if (filters.provider) return `No ${filters.provider} models configured${widen}.`;
  // The onboard command every other "nothing set up yet" message gives, the command last so
  // that it is copied whole.
  return `No models configured (see the whole catalog with --all); to set one up, ${NO_KEY_NO_DEFAULT_HINT}`;
}

/** The fewest cells a warning is wrapped to, however narrow the terminal. */
const MIN_WARNING_WIDTH = 20;

/**
 * Warning lines (for stderr) about a config whose models cannot all be listed or used: the
 * provider without a baseUrl, the default model that names nothing. Each is a `warning:` as every
 * command prints one, wrapped to `width` (the terminal's, else $COLUMNS) as the table under them
 * is: further lines under the text after `warning: `, a path too wide kept whole on its line.
 */
export function renderConfigWarnings(
  findings: readonly CatalogFinding[],
  stream: NodeJS.WriteStream = process.stderr,
  width = terminalWidth(stream),
): string {
  const lines = findings.map((finding) =>
    warningText(
      withAffects(
        finding.schema
          ? `${describeProblem(finding)}: provider ${finding.provider} is disabled`
          : `${finding.path}: ${finding.message}`,
        finding,
      ),
      stream,
      width,
    ),
  );
  const what = findings.length === 1 ? "it" : "them";
  // A `hint:` as every command's advice is; the command stays whole there, to be copied.
  lines.push(
    labelledText(
      "hint",
      `see ${what} and what to do with: openclaw config validate`,
      stream,
      width,
    ),
  );
  return lines.join("\n");
}

/** The aliases of `models aliases list`: those a name resolves to, and those it never reaches. */
export interface AliasListing {
  aliases: { alias: string; ref: string }[];
  /** An alias written for a model when an earlier model has it too: it names that one. */
  unused: { alias: string; ref: string; usedFor: string }[];
}

/**
 * Every alias the config writes (`$include`s merged), in its order. Two models given the same
 * alias by hand (or by two included files) is a config error `config validate` names; until it is
 * fixed the alias names the first of them, and the other is listed as unused, not left out.
 */
export function listAliases(
  catalog: Catalog,
  entries: Readonly<Record<string, { alias?: string | undefined }>>,
): AliasListing {
  const listing: AliasListing = { aliases: [], unused: [] };
  const seen = new Set<string>();
  for (const [written, entry] of Object.entries(entries)) {
    if (!entry.alias) continue;
    const ref = canonicalRef(written);
    const key = entry.alias.trim().toLowerCase();
    // The same model written twice (in another case) with its alias is one alias.
    if (seen.has(`${key}\0${ref}`)) continue;
    seen.add(`${key}\0${ref}`);
    const winner = catalog.aliases.get(key);
    if (!winner || winner.ref === ref) listing.aliases.push({ alias: entry.alias, ref });
    else listing.unused.push({ alias: entry.alias, ref, usedFor: winner.ref });
  }
  return listing;
}

/** `models aliases list` for people: one row per alias written, an unused one said to be so. */
export function renderAliasTable(listing: AliasListing): string {
  if (listing.aliases.length + listing.unused.length === 0) return "No aliases.";
  const rows = listing.aliases.map((entry) => [printable(entry.alias), entry.ref]);
  if (listing.unused.length === 0) return renderTable(["Alias", "Model"], rows);
  const unused = listing.unused.map((entry) => [
    printable(entry.alias),
    entry.ref,
    style.yellow(`not used: it names ${entry.usedFor}`),
  ]);
  return renderTable(["Alias", "Model", "Note"], [...rows.map((row) => [...row, ""]), ...unused], {
    wrapColumn: 2,
  });
}

export function renderModelTable(
  rows: ModelRow[],
  filters: ListFilters = {},
  width = terminalWidth(),
): string {
  // The first thing a new user may see: fitted as the table would be, the command in it whole.
  if (rows.length === 0) return wrapHanging(emptyListMessage(filters), 2, width);
  return renderTable(
    ["Model", "Input", "Ctx", "Local", "Auth", "Tags"],
    rows.map((row) => [
      row.ref,
      row.input.length ? row.input.join("+") : "-",
      formatContext(row.contextWindow),
      row.local ? "yes" : "no",
      authWord(row),
      printable(row.tags.join(", ")),
    ]),
    // Tags say what a person may have to act on (not allowed, missing): wrapped, never cut.
    { wrapColumn: 5, width },
  );
}

/**
 * A key source's or probe's line: `prefix`, then `text` wrapped to `width` with its further lines
 * under the text, as the problems below are: a refused key's explanation and hint run long.
 */
function hangingLine(prefix: string, text: string, width: number): string {
  const prefixWidth = visibleWidth(prefix);
  // Fewer cells beside the prefix than a wrapped line's floor: wrapped there, its lines would be
  // wider than the terminal. The text goes under the prefix instead, indented to read as its own.
  if (
    Number.isFinite(width) &&
    width - prefixWidth < MIN_WARNING_WIDTH &&
    prefixWidth + visibleWidth(text) > width
  ) {
    const indent = " ".repeat(prefix.length - prefix.trimStart().length + 2);
    const lines = wrapText(text, Math.max(1, width - indent.length)).split("\n");
    return [prefix.trimEnd(), ...lines.map((line) => indent + line)].join("\n");
  }
  return besideLabel(prefix, wrapAfterLabel(text, prefixWidth, width));
}

function probeLines(
  probe: KeyProbe | undefined,
  unlisted: UnlistedModels | undefined,
  width: number,
  now: number,
): string[] {
  if (!probe) return [];
  const { status, message, hint } = probe.result;
  const mark =
    status === "valid"
      ? style.green("✓")
      : status === "unreachable" || probe.keyBelongsTo !== undefined
        ? style.yellow("!")
        : style.red("✗");
  const lines = [
    hangingLine(`  ${mark} probe: `, message, width),
    ...(hint && status !== "valid" ? [hangingLine("    hint: ", hint, width)] : []),
  ];
  const credit = probe.credit;
  const windows = credit?.kind === "quota" ? (credit.windows ?? []) : [];
  if (credit?.kind === "quota" && windows.length > 0) {
    lines.push(...quotaWindowLines(credit, width, now));
  } else if (credit) {
    // Wrapped to the terminal as the probe's other lines are: `¥12.30 (voucher …, cash …)` runs
    // past 40 columns.
    const label = credit.kind === "balance" ? "balance" : "plan quota";
    const used = creditExhausted(credit);
    const line = hangingLine(
      `    ${label}: `,
      `${describeCredit(credit)}${used ? " (used up)" : ""}`,
      width,
    );
    lines.push(used ? style.red(line) : line);
  } else if (probe.creditUnreadable)
    lines.push(creditUnreadableText(probe.creditUnreadable, width));
  // The key works, yet models the config offers are not in its list: doctor --probe and the
  // gateway's start-up line say so, and so does the status that probed the same list. After the
  // balance or quota, which is the probe's: put between them, it read as the warning's.
  if (unlisted)
    lines.push(
      hangingLine(`  ${style.yellow("!")} `, unlisted.message, width),
      hangingLine("    hint: ", unlisted.hint, width),
    );
  return lines;
}

/**
 * `balance: could not be read at http://proxy/v1/users/me/balance (HTTP 404)`, dimmed (no fault),
 * wrapped to `width` as the probe's lines are, the URL whole.
 */
function creditUnreadableText(
  unreadable: NonNullable<KeyProbe["creditUnreadable"]>,
  width: number,
): string {
  const label = unreadable.kind === "balance" ? "balance" : "plan quota";
  const text = `could not be read at ${unreadable.url} (${printable(unreadable.reason)})`;
  return hangingLine(`    ${label}: `, text, width)
    .split("\n")
    .map((line) => style.dim(line))
    .join("\n");
}

/**
 * A Kimi Code plan's quota, a line per window `/usages` reports (the week, the 5 hours, the
 * month): Kimi Code refuses requests while any one is used up, in the same words, so the week's
 * figure alone ("60 of 100 left") hid why. A window reported only as a ratio says the share used
 * ("37% used"), with no count made up. A used-up window says so, in red. `models status --probe`
 * puts it under its probe (`indent` 4), onboarding under its key check (2): one wording for both.
 */
export function quotaWindowLines(
  credit: Extract<Credit, { kind: "quota" }>,
  width: number,
  now: number,
  indent = 4,
): string[] {
  const windows = credit.windows ?? [];
  const margin = " ".repeat(indent);
  const nameWidth = Math.max(...windows.map((window) => visibleWidth(printable(window.window))));
  const lines = [
    `${margin}plan quota:`,
    ...windows.map((window) => {
      const text = quotaWindowText(window, now);
      // Padded by cells, as nameWidth is counted: padEnd counts UTF-16 units, so a name of
      // Chinese characters (two cells, one unit each) was padded a cell too many per character.
      const name = printable(window.window);
      const line = hangingLine(
        `${margin}  ${name}${" ".repeat(Math.max(0, nameWidth - visibleWidth(name)))}  `,
        text,
        width,
      );
      return window.usedUp ? style.red(line) : line;
    }),
  ];
  if (credit.windowsLeftOut)
    lines.push(hangingLine(`${margin}  `, `… ${windowsLeftOutText(credit.windowsLeftOut)}`, width));
  return lines;
}

/** Where the value of a field of `models status` starts (`Credentials: ` is the widest label). */
const STATUS_VALUE_INDENT = " ".repeat("Credentials: ".length);

/**
 * `Label:      a, b, c` fitted to `width`: the list goes on over more lines, under its first item,
 * each item whole where it fits; on a terminal too narrow for that, under the label.
 */
function statusList(label: string, items: readonly string[], width: number): string[] {
  const text = items.length ? items.join(", ") : "(none)";
  const beside = width - STATUS_VALUE_INDENT.length;
  // A word (a model ref) too wide for the room beside the label that fits the terminal: broken
  // there, it could not be copied; whole under the label, it can. An alias's entry is broken at
  // its spaces like any text, so only its single words count (`Kimi K2 Thinking Turbo → …`).
  const itemGoesUnder = items.some((item, at) =>
    (at < items.length - 1 ? `${item},` : item).split(" ").some((word) => {
      const cells = visibleWidth(word);
      return cells > beside && cells <= width;
    }),
  );
  // Too narrow beside the label: the list under it, from the left edge; a floor beside it would
  // make its lines wider than the terminal.
  if (
    Number.isFinite(width) &&
    (beside < MIN_WARNING_WIDTH || itemGoesUnder) &&
    visibleWidth(label + text) > width
  )
    return [label, ...wrapCell(text, width)];
  const room = Math.max(MIN_WARNING_WIDTH, beside);
  const parts = Number.isFinite(width) ? wrapCell(text, room) : [text];
  return parts.map((part, index) =>
    index === 0 ? `${label.padEnd(STATUS_VALUE_INDENT.length)}${part}` : STATUS_VALUE_INDENT + part,
  );
}

/**
 * A provider's heading (its name, URL, proxy or key) fitted to `width`: what does not fit goes on
 * under it, indented as its lines are, the URL whole.
 */
function providerHeading(text: string, width: number): string {
  return wrapText(text, width - 2).replaceAll("\n", "\n  ");
}

/**
 * `models status` for a person, fitted to `width` (the terminal's, else $COLUMNS): the lists of
 * fallbacks and aliases, the problems and the warning are wrapped; paths are left whole. A quota's
 * reset is said from `now` (ms since the epoch) as well as in UTC.
 */
export function renderStatus(
  status: ModelsStatus,
  probes?: KeyProbe[],
  width = terminalWidth(),
  unlisted: readonly UnlistedModels[] = [],
  now = Date.now(),
): string {
  const lines: string[] = [];
  // Alias names are the config's text: shown with any control character escaped.
  const found = status.aliases.find((entry) => entry.ref === status.default)?.alias;
  const alias = found === undefined ? undefined : printable(found);
  // Each field fitted as onboard's summary is: a path too wide beside its label goes whole on a
  // line of its own, a longer value on under its start.
  const field = (label: string, value: string) =>
    lines.push(...fieldLines(label.padEnd(STATUS_VALUE_INDENT.length), value, width));
  field(
    "Config:",
    `${status.configPath}${status.configExists ? "" : style.dim(" (not created yet)")}`,
  );
  field("Credentials:", status.authStorePath);
  if (status.proxyProblem) field("Proxy:", style.yellow(status.proxyProblem));
  else if (status.proxy) field("Proxy:", status.proxy);
  // A primary left out (its provider cannot be used): what answers in its place, on its line.
  // The first member left with a key answers (keyless ones are passed over); with a problem
  // besides (no member left has a key), nothing does: the warning below says why.
  const answering = status.keyless[0]?.answeredBy ?? status.chain[0];
  const inPlace =
    status.default !== undefined && answering !== undefined && answering !== status.default
      ? ` ${style.yellow(status.defaultProblem ? "(left out: nothing can answer in its place)" : `(left out: ${answering} answers in its place)`)}`
      : "";
  field(
    "Default:",
    `${status.default ?? style.yellow("(none)")}${alias ? ` (alias ${alias})` : ""}${inPlace}`,
  );
  lines.push(...statusList("Fallbacks:", status.fallbacks, width));
  const aliases = status.aliases.map((entry) => `${printable(entry.alias)} → ${entry.ref}`);
  lines.push(...statusList("Aliases:", aliases, width));
  for (const provider of status.providers) {
    lines.push("");
    lines.push(
      providerHeading(
        `${style.bold(provider.provider)}${provider.baseUrl ? ` (${provider.baseUrl})` : ""}${provider.proxy ? ` via ${provider.proxy}` : ""}`,
        width,
      ),
    );
    if (provider.sources.length === 0) lines.push("  no key sources");
    let winnerShown = false;
    let winner: (typeof provider.sources)[number] | undefined;
    for (const source of provider.sources) {
      if (source.state === "set" && !winnerShown) {
        winnerShown = true;
        winner = source;
        const note = source.detail ? `  ${style.yellow(`(${source.detail})`)}` : "";
        lines.push(
          hangingLine(
            `  ${style.green("✓")} `,
            `${source.label}: ${source.masked}  ${style.dim("← used")}${note}`,
            width,
          ),
        );
      } else if (source.state === "set") {
        const same = sameKeyAsWinner(source, winner);
        const why = same ? `the same key: ${same}` : "not used: an earlier source wins";
        lines.push(
          hangingLine("  · ", `${source.label}: ${source.masked} ${style.dim(`(${why})`)}`, width),
        );
      } else {
        lines.push(
          hangingLine(
            "  · ",
            `${source.label}: ${source.state === "invalid" ? style.yellow(source.detail ?? "invalid") : (source.detail ?? "missing")}`,
            width,
          ),
        );
      }
    }
    if (!winnerShown && !provider.keyRequired)
      lines.push(`  no key needed: it is called without one (authHeader: false)`);
    else if (!winnerShown)
      lines.push(
        hangingLine(
          `  ${style.yellow("missing")}: `,
          `no usable key — ${provider.missingHint ?? "run: openclaw onboard"}`,
          width,
        ),
      );
    lines.push(
      ...probeLines(
        probes?.find((probe) => probe.provider === provider.provider),
        unlisted.find((entry) => entry.provider === provider.provider),
        width,
        now,
      ),
    );
  }
  for (const problem of status.problems) {
    const where = problem.file ? ` (${problem.file}${problem.line ? `:${problem.line}` : ""})` : "";
    const disabled = problem.disabledProvider
      ? `: provider ${problem.disabledProvider} is disabled`
      : "";
    const text = wrapAfterLabel(`${problem.path}: ${problem.message}${where}${disabled}`, 9, width);
    lines.push(besideLabel(`${style.yellow("problem")}: `, text));
  }
  const warnings = statusWarnings(status);
  if (warnings.length > 0) lines.push("");
  for (const warning of warnings)
    lines.push(
      besideLabel(
        `${style.yellow("warning")}: `,
        wrapAfterLabel(warning, "warning: ".length, width),
      ),
    );
  // The next step, as --check, agent and doctor give it: a first run ended on the warning alone.
  // Not twice: a provider's "missing:" line above may already give it.
  const hint = status.defaultHint;
  const flat = (text: string) => text.replace(/\s+/g, " ");
  if (status.defaultProblem && hint && !flat(lines.join(" ")).includes(flat(hint))) {
    lines.push(besideLabel("  hint: ", wrapAfterLabel(hint, "  hint: ".length, width)));
  }
  return lines.join("\n");
}

/** What the status warns of: members left out of the default chain or without a key, no default. */
function statusWarnings(status: ModelsStatus): string[] {
  // A default that cannot answer names each member left out (and why) in its problem itself.
  return [
    ...(status.defaultProblem ? [] : status.leftOut.map((member) => member.warning)),
    ...status.keyless.map((member) => member.warning),
    ...(status.defaultProblem ? [status.defaultProblem] : []),
  ];
}

/**
 * The warnings the text status ends with, and the default's hint, for stderr beside `--plain`:
 * its lines are records for a script (an empty `default` field is no default, as an empty
 * `fallbacks` is none), and a person running it is told, as without `--plain`, what is wrong and
 * what to run. "" when there is nothing to warn of.
 */
export function renderStatusPlainWarnings(status: ModelsStatus, width = terminalWidth()): string {
  const lines = statusWarnings(status).map((warning) =>
    warningText(warning, process.stderr, width),
  );
  if (status.defaultProblem && status.defaultHint)
    lines.push(
      besideLabel("  hint: ", wrapAfterLabel(status.defaultHint, "  hint: ".length, width)),
    );
  return lines.length > 0 ? `${lines.join("\n")}\n` : "";
}

export function renderStatusPlain(
  status: ModelsStatus,
  probes?: KeyProbe[],
  unlisted: readonly UnlistedModels[] = [],
): string {
  const lines = [`default\t${status.default ?? ""}`, `fallbacks\t${status.fallbacks.join(",")}`];
  // What serves the default, in order, and each member left out with where it is written.
  lines.push(`chain\t${status.chain.join(",")}`);
  for (const member of status.leftOut) lines.push(`leftout\t${member.ref}\t${member.path}`);
  for (const { alias, ref } of status.aliases) lines.push(`alias\t${printable(alias)}\t${ref}`);
  for (const provider of status.providers) {
    const winner = provider.sources.find((source) => source.state === "set");
    lines.push(
      `provider\t${provider.provider}\t${winner ? `${winner.label}\t${winner.masked}` : "missing"}`,
    );
  }
  for (const probe of probes ?? []) {
    lines.push(`probe\t${probe.provider}\t${probe.result.status}`);
    const credit = probe.credit;
    if (credit?.kind === "balance")
      lines.push(`balance\t${probe.provider}\t${credit.available}\t${credit.currency}`);
    if (probe.creditUnreadable)
      lines.push(
        `creditunreadable\t${probe.provider}\t${probe.creditUnreadable.kind}\t${printable(probe.creditUnreadable.reason)}`,
      );
    // The week's counts; a week told only as a ratio has none, and only its quotawindow line.
    if (credit?.kind === "quota" && credit.limit !== undefined)
      lines.push(`quota\t${probe.provider}\t${credit.remaining}\t${credit.limit}`);
    // Each window after the week's figures: its name, what is left of what, and its ISO reset; a
    // ratio window leaves the counts empty and adds its ratio as a sixth field.
    for (const window of credit?.kind === "quota" ? (credit.windows ?? []) : [])
      lines.push(
        [
          "quotawindow",
          probe.provider,
          printable(window.window),
          ...("usedRatio" in window
            ? ["", "", window.resetTime ?? "", String(window.usedRatio)]
            : [String(window.remaining), String(window.limit), window.resetTime ?? ""]),
        ].join("\t"),
      );
    if (credit?.kind === "quota" && credit.windowsLeftOut)
      lines.push(`quotawindowsleftout\t${probe.provider}\t${credit.windowsLeftOut}`);
  }
  for (const entry of unlisted)
    for (const ref of entry.models) lines.push(`unlisted\t${entry.provider}\t${ref}`);
  return lines.join("\n");
}

/** Where the text of a scan's finding starts: after `  ~ differs `, its widest label. */
const FINDING_LABEL_WIDTH = "  ~ differs ".length;

/**
 * What a scan found for a person, fitted to `width` (the terminal's, else $COLUMNS): each line's
 * text starts in the same column, after its `+ new`, `- gone` or `~ differs`, and goes on under
 * itself. A new model `added` (refs --add wrote) says `— added`; a gone one `removed` (refs
 * --prune took out of the file) says `— removed`.
 */
export function renderScan(
  result: ScanResult,
  added: readonly string[],
  removed: readonly string[] = [],
  width = terminalWidth(),
): string {
  const under = (label: string, text: string | undefined) =>
    wrapAfterLabel(text ?? "", visibleWidth(label), width);
  const finding = (label: string, paint: (text: string) => string, text: string) =>
    besideLabel(
      `  ${paint(label)}${" ".repeat(FINDING_LABEL_WIDTH - 2 - label.length)}`,
      wrapAfterLabel(text, FINDING_LABEL_WIDTH, width),
    );
  const lines = [
    providerHeading(
      `${style.bold(result.provider)} (${displayUrl(result.baseUrl)})${result.key ? ` key ${result.key}` : ""}`,
      width,
    ),
  ];
  if (result.status !== "ok") {
    const label = result.status === "no_key" ? "skipped" : "failed";
    lines.push(besideLabel(`  ${style.yellow(label)}: `, under(`  ${label}: `, result.message)));
    return lines.join("\n");
  }
  lines.push(
    `  ${result.remote.length} model${result.remote.length === 1 ? "" : "s"} reported, ${result.known.length} already known`,
  );
  for (const model of result.added) {
    const facts = [
      model.contextLength ? `ctx ${formatContext(model.contextLength)}` : undefined,
      model.supportsReasoning ? "reasoning" : undefined,
      model.supportsImageIn ? "image" : undefined,
      model.supportsVideoIn ? "video" : undefined,
    ].filter(Boolean);
    const wasAdded = added.includes(`${result.provider}/${model.id}`);
    const text = `${model.id}${facts.length ? ` (${facts.join(", ")})` : ""}${wasAdded ? ` — added${assumedNote(model)}` : ""}`;
    lines.push(finding("+ new", style.green, text));
  }
  // Gone: only what the config names. An id only openclaw's built-in list has (a retired one
  // onboarding left out) is nothing of the person's: counted in one line, not each shown as gone.
  const offered = `not offered${result.key ? " to this key" : ""}`;
  const builtInOnly = new Set(result.goneBuiltInOnly);
  // Taken out of the file by --prune: said on its row, as `— added` is, so that the table and the
  // removal said above it tell one story.
  for (const id of result.gone.filter((gone) => !builtInOnly.has(gone))) {
    const wasRemoved = removed.includes(`${result.provider}/${id}`);
    lines.push(
      finding(
        "- gone",
        style.yellow,
        `${id} ${style.dim(`(${offered})`)}${wasRemoved ? " — removed" : ""}`,
      ),
    );
  }
  if (builtInOnly.size > 0) {
    const one = builtInOnly.size === 1;
    const text = `${builtInOnly.size} ${one ? "id" : "ids"} of openclaw's built-in list ${one ? "is" : "are"} ${offered} (${one ? "it is not" : "none is"} in your config)`;
    lines.push(`  ${style.dim(wrapAfterLabel(text, 2, width))}`);
  }
  // The endpoint's word against the config's: said, not changed (the config is the person's).
  for (const { id, what } of result.differences)
    lines.push(finding("~ differs", style.cyan, `${id}: the endpoint says it ${what}`));
  return lines.join("\n");
}

/**
 * What `--add` wrote for a model of which the endpoint listed too little (its id alone, say): the
 * catalog's defaults, said so that a wrong guess (a smaller window, a model that thinks) is
 * corrected in the config rather than met as a refusal later.
 */
function assumedNote(model: RemoteModel): string {
  const assumed = [
    model.contextLength === undefined
      ? `ctx ${formatContext(MODEL_DEFAULTS.contextWindow)}`
      : undefined,
    model.supportsReasoning === undefined && !MODEL_DEFAULTS.reasoning ? "no reasoning" : undefined,
    ...assumedMedia(model),
  ].filter((fact) => fact !== undefined);
  return assumed.length === 0
    ? ""
    : `; not listed, so assumed: ${assumed.join(", ")} (correct it in the config if it differs)`;
}

/**
 * What was assumed of the media the list did not report, each medium on its own: a list that
 * says a model takes video but not whether it takes images gets "no image input", not "text
 * only", which its input ("text", "video") is not.
 */
function assumedMedia(model: RemoteModel): string[] {
  const image = model.supportsImageIn === undefined;
  const video = model.supportsVideoIn === undefined;
  if (image && video) return ["text only"];
  if (image) return ["no image input"];
  return video ? ["no video input"] : [];
}

/** A model of the chain (the default, a fallback) that a scan found gone, and what to do. */
export interface GoneFromChain {
  ref: string;
  /** `the default model`, `fallback #2`. */
  role: string;
  provider: string;
  /** What to do, said before `commands`: `Take it out`. */
  todo: string;
  /** The commands that do it, in order. */
  commands: string[];
}

/** Where the further lines of a note about the chain go. */
const CHAIN_NOTE_INDENT = 2;

/**
 * A gone model of the chain for a person, fitted to `width` (the terminal's, else $COLUMNS): on
 * one line when it fits (its commands joined by ", then"); else its further lines under it,
 * indented, and each command whole, on a line of its own when it does not fit after the words
 * before it, so it can be copied (a `then` line between two commands).
 */
export function renderGoneFromChain(gone: GoneFromChain, width = terminalWidth()): string {
  const said = `${gone.ref}, ${gone.role}, is gone: requests to it get a 404 from ${gone.provider}. ${gone.todo}:`;
  const inline = `${said} ${gone.commands.join(", then ")}`;
  if (visibleWidth(inline) <= width) return inline;
  const lines = wrapHanging(said, CHAIN_NOTE_INDENT, width).split("\n");
  const [first, ...rest] = gone.commands;
  if (first === undefined) return lines.join("\n");
  // (Further lines come with their indent.)
  const last = lines.at(-1) ?? "";
  // A command too wide for a line of its own goes on at its arguments with ` \`, to be copied.
  const commandLines = (command: string) =>
    continuedExampleLines(command, width - 2 * CHAIN_NOTE_INDENT).map(
      (line) => `${" ".repeat(2 * CHAIN_NOTE_INDENT)}${line}`,
    );
  if (visibleWidth(`${last} ${first}`) <= width) lines[lines.length - 1] = `${last} ${first}`;
  else lines.push(...commandLines(first));
  for (const command of rest)
    lines.push(`${" ".repeat(CHAIN_NOTE_INDENT)}then`, ...commandLines(command));
  return lines.join("\n");
}
