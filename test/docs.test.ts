import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import type { Command, Option } from "commander";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { MODEL_DEFAULTS } from "../src/catalog/build.js";
import { defaultCompat } from "../src/catalog/compat-defaults.js";
import { buildCatalog, resolveModelChain } from "../src/catalog/index.js";
import { buildProgram } from "../src/cli/main.js";
import { loadConfig } from "../src/config/index.js";
import { keyDefault } from "../src/config/key-defaults.js";
import { configJsonSchema, configSchema } from "../src/config/schema.js";
import { type PathSegment, unknownPathSegment } from "../src/config/schema-dsl.js";
import { MINIMUM_NODE } from "../src/doctor/inspect.js";
import { UsageLedger } from "../src/gateway/ledger.js";
import { applyDocBlocks, GENERATED_DOCS, renderDocBlocks } from "../src/tools/doc-blocks.js";
import { VERSION } from "../src/version.js";
import { tempFiles } from "./helpers/tmp.js";

const root = join(import.meta.dirname, "..");
const read = (relative: string) => readFileSync(join(root, relative), "utf8");
const json5Blocks = (text: string) =>
  [...text.matchAll(/```json5\n([\s\S]*?)```/g)].map((match) => match[1] ?? "");
const withoutMarkers = (text: string) =>
  text
    .split("\n")
    .filter((line) => !/^\s*\/\/ [a-z0-9-]+:(start|end)$/.test(line))
    .join("\n");

/** The pages a user copies commands from. */
const USER_DOCS = [
  "README.md",
  "docs/guide.md",
  "docs/providers/moonshot.md",
  "docs/zh-CN/providers/moonshot.md",
];

/**
 * Every `openclaw …` command a page shows, with its line: the lines of shell blocks that run it
 * (a `# comment` left off) and the inline code spans that start with it.
 */
function documentedCommands(text: string): Array<{ line: number; command: string }> {
  const found: Array<{ line: number; command: string }> = [];
  let fence: string | undefined;
  text.split("\n").forEach((line, index) => {
    const opening = /^\s*```(\w*)/.exec(line);
    if (opening) {
      fence = fence === undefined ? (opening[1] ?? "") : undefined;
      return;
    }
    if (fence === "bash" || fence === "sh") {
      const run = /^\s*(openclaw\s.*)$/.exec(line)?.[1];
      if (run) found.push({ line: index + 1, command: run.replace(/\s+#.*$/, "") });
      return;
    }
    if (fence !== undefined) return;
    for (const span of line.matchAll(/`(openclaw [^`]+)`/g))
      found.push({ line: index + 1, command: span[1] ?? "" });
  });
  return found;
}

/**
 * What is wrong with `command` for this CLI: a subcommand that does not exist, an option its
 * command (or a parent) does not take. Placeholders (`<id>`, `…`) and values are not checked.
 */
function commandProblems(program: Command, command: string): string[] {
  const words = (command.match(/"[^"]*"|'[^']*'|\S+/g) ?? []).slice(1);
  const end = words.findIndex((word) => word === "|" || word.startsWith("2>") || word === ">");
  const args = end === -1 ? words : words.slice(0, end);
  let at = program;
  let next = 0;
  for (; next < args.length; next++) {
    const sub = at.commands.find(
      (c) => c.name() === args[next] || c.aliases().includes(args[next] ?? ""),
    );
    if (!sub) break;
    at = sub;
  }
  const first = args[next];
  // A word where a subcommand belongs that names none: its options cannot be known.
  if (first !== undefined && /^[a-z]/.test(first) && (at === program || at.commands.length > 0))
    return [`"${first}" is not a command${at === program ? "" : ` of ${at.name()}`}`];
  const options: Option[] = [];
  for (let c: Command | null = at; c; c = c.parent) options.push(...c.options);
  const problems: string[] = [];
  // `--help --json` is taken by every command, also one without a --json of its own.
  const asksHelp = args.includes("--help") || args.includes("-h");
  for (let i = next; i < args.length; i++) {
    const flag = (args[i] ?? "").replace(/^\[/, "").replace(/\]$/, "").split("=")[0] ?? "";
    if (!/^--?[a-zA-Z]/.test(flag) || flag === "--help" || flag === "-h") continue;
    if (asksHelp && flag === "--json") continue;
    const option = options.find((o) => o.long === flag || o.short === flag);
    if (!option) problems.push(`${at.name()} has no option ${flag}`);
    // Its value is skipped, whatever it looks like (`-m -`).
    else if (option.required && !(args[i] ?? "").includes("=")) i++;
  }
  return problems;
}

/** The text of every TypeScript file under `dir`, joined: to look a name up in the source. */
function sourceText(dir: string): string {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".ts"))
    .map((name) => readFileSync(join(dir, name), "utf8"))
    .join("\n");
}

/**
 * Every key path the config's JSON Schema takes that has no keys of its own below it, a name the
 * config leaves open (a provider id, a list index) written `*`: `gateway.limits.maxBodyBytes`,
 * `models.providers.*.models.*.cost.input`, `env.*`.
 */
function schemaLeafPaths(node: unknown, path: string[] = []): string[] {
  if (typeof node !== "object" || node === null) return [path.join(".")];
  const schema = node as {
    properties?: Record<string, unknown>;
    additionalProperties?: unknown;
    items?: unknown;
    anyOf?: unknown[];
    oneOf?: unknown[];
  };
  const below: string[] = [];
  for (const [name, child] of Object.entries(schema.properties ?? {}))
    below.push(...schemaLeafPaths(child, [...path, name]));
  if (typeof schema.additionalProperties === "object")
    below.push(...schemaLeafPaths(schema.additionalProperties, [...path, "*"]));
  if (typeof schema.items === "object")
    below.push(...schemaLeafPaths(schema.items, [...path, "*"]));
  for (const branch of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) {
    const paths = schemaLeafPaths(branch, path);
    if (!paths.includes(path.join("."))) below.push(...paths);
  }
  return below.length > 0 ? [...new Set(below)] : [path.join(".")];
}

/** Every variable name the source reads from an environment: `env.X`, `env["X"]`, `"X_PROXY"`. */
function variablesReadBy(text: string): string[] {
  // Comments name variables as examples (`env.BASE`): only code counts.
  const source = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:])\/\/.*$/gm, "$1");
  const names = new Set<string>();
  for (const match of source.matchAll(/\benv\??\.([A-Z][A-Z0-9_]*)\b/g)) names.add(match[1] ?? "");
  for (const match of source.matchAll(/\benv\[\s*"([A-Za-z][A-Za-z0-9_]*)"\s*\]/g))
    names.add(match[1] ?? "");
  // Names kept in constants and lists (`overrideVar: "OPENCLAW_…"`, `["https_proxy", …]`).
  const shaped = /"([A-Za-z][A-Za-z0-9_]*_(?:PROXY|proxy|API_KEY|BASE_URL|TOKEN|DIR|PATH|HOME))"/g;
  for (const match of source.matchAll(shaped)) names.add(match[1] ?? "");
  return [...names].filter((name) => name !== "").sort();
}

/** Where the rows of each table of the guide's "Config keys" section sit in the config. */
const CONFIG_KEY_BLOCKS: ReadonlyArray<{ heading: RegExp; prefix: PathSegment[] }> = [
  // The env table writes its keys whole (`env.<NAME>`).
  { heading: /^\*\*`env`\*\*/, prefix: [] },
  { heading: /^\*\*`agents\.defaults`\*\*/, prefix: ["agents", "defaults"] },
  { heading: /^\*\*`models`\*\*/, prefix: ["models"] },
  {
    heading: /^A model \(`providers\.<id>\.models\[\]`\)/,
    prefix: ["models", "providers", "moonshot", "models", 0],
  },
  { heading: /^\*\*`compat`\*\*/, prefix: ["models", "providers", "moonshot", "compat"] },
  { heading: /^\*\*`gateway`\*\*/, prefix: ["gateway"] },
  { heading: /^\*\*`auth`\*\*/, prefix: ["auth"] },
];

/** A placeholder of a documented key (`<ref>`) as a name the config could hold there. */
const PLACEHOLDERS: Readonly<Record<string, string>> = {
  "<NAME>": "MOONSHOT_API_KEY",
  "<ref>": "moonshot/kimi-k2.5",
  "<id>": "moonshot",
  "<provider>": "moonshot",
};

interface DocumentedKey {
  line: number;
  path: PathSegment[];
  /** The row's Default cell as written. */
  defaultCell: string;
  /** Which of the row's keys this is (`timeouts.firstByteMs`, `idleMs`, `totalMs`: 0, 1, 2). */
  position: number;
}

/**
 * Every key the tables of the guide's "Config keys" section name, as a full path, with the
 * row's Default cell. A row may name several keys (`timeouts.firstByteMs`, `idleMs`,
 * `totalMs`): those after the first are siblings of the first. A placeholder stands for a name
 * a config could hold there (`models.<ref>` → `models.moonshot/kimi-k2.5`), put in after the
 * key is split at its dots, so the dot of `kimi-k2.5` stays inside its segment.
 */
function documentedConfigKeys(text: string): DocumentedKey[] {
  const lines = text.split("\n");
  const start = lines.indexOf("## Config keys");
  const end = lines.findIndex((line, index) => index > start && line.startsWith("## "));
  const keys: DocumentedKey[] = [];
  let prefix: PathSegment[] | undefined;
  for (let index = start; index < end; index++) {
    const line = lines[index] ?? "";
    const block = CONFIG_KEY_BLOCKS.find((candidate) => candidate.heading.test(line));
    if (block) prefix = block.prefix;
    const cells = /^\| (.+?) \| .+? \| (.+?) \| .+ \|$/.exec(line);
    if (!cells || !prefix || /^(Key|---)/.test(cells[1] ?? "")) continue;
    const names = [...(cells[1] ?? "").matchAll(/`([^`]+)`/g)].map((match) => match[1] ?? "");
    const first = (names[0] ?? "").split(".");
    names.forEach((name, position) => {
      const written = position === 0 ? name.split(".") : [...first.slice(0, -1), name];
      const path = written.map((segment) => PLACEHOLDERS[segment] ?? segment);
      keys.push({
        line: index + 1,
        path: [...(prefix ?? []), ...path],
        defaultCell: cells[2] ?? "",
        position,
      });
    });
  }
  return keys;
}

/**
 * The value a Default cell gives its `position`-th key, when the cell is literal values
 * (`` `18789` ``, `` `"loopback"` ``, `120000, 120000, 600000`, `8 MiB`), else undefined
 * (`none`, `built-in's`, a sentence).
 */
function documentedDefault(cell: string, position: number): unknown {
  const values = cell.replace(/`/g, "").split(/,\s*/);
  const value = (values[position] ?? "").trim();
  const mebibytes = /^(\d+) MiB$/.exec(value);
  if (mebibytes) return Number(mebibytes[1]) * 1024 * 1024;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

/** An endpoint of each kind the guide's compat table tells apart. */
const COMPAT_ENDPOINTS = {
  OpenAI: "https://api.openai.com/v1",
  Moonshot: "https://api.moonshot.ai/v1",
  "Kimi Code": "https://api.kimi.com/coding/v1",
  other: "http://127.0.0.1:8000/v1",
} as const;

type CompatEndpoint = keyof typeof COMPAT_ENDPOINTS;

/**
 * What a Default cell of the compat table says each kind of endpoint gets: the first value is
 * every endpoint's, `OpenAI …`, `Moonshot …` (Moonshot and Kimi Code) and `Kimi Code …` override
 * it, `else …` is the value of the ones not named; `none` is no value. A parenthesis
 * (`(`"moonshot-effort"` for K3 ids)`) is about models, not endpoints, and is left out.
 */
function documentedCompatDefaults(cell: string): Record<CompatEndpoint, unknown> {
  const byEndpoint: Partial<Record<CompatEndpoint, unknown>> = {};
  let fallback: unknown;
  for (const part of cell.replace(/\s*\([^)]*\)/g, "").split(/;\s*/)) {
    const parsed = /^(?:(OpenAI|Moonshot|Kimi Code|else) )?(?:`([^`]+)`|none)$/.exec(part.trim());
    if (!parsed) throw new Error(`cannot read the compat default "${cell}"`);
    const [, label, literal] = parsed;
    const value = literal === undefined ? undefined : JSON.parse(literal);
    if (label === undefined || label === "else") fallback = value;
    else if (label === "Moonshot") byEndpoint.Moonshot = byEndpoint["Kimi Code"] = value;
    else byEndpoint[label as CompatEndpoint] = value;
  }
  const kinds = Object.keys(COMPAT_ENDPOINTS) as CompatEndpoint[];
  return Object.fromEntries(
    kinds.map((kind) => [kind, Object.hasOwn(byEndpoint, kind) ? byEndpoint[kind] : fallback]),
  ) as Record<CompatEndpoint, unknown>;
}

/** The anchor GitHub gives a heading: lower case, punctuation but `-` left out, spaces as `-`. */
function headingAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

/** The links of a page to other files of the repo and to headings that do not exist. */
function brokenLinks(relative: string, text = read(relative)): string[] {
  const broken: string[] = [];
  for (const [, target = ""] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^[a-z]+:/.test(target)) continue;
    const [file = "", anchor] = target.split("#");
    const path = file === "" ? relative : join(relative, "..", file);
    if (!existsSync(join(root, path))) {
      broken.push(`${relative}: ${target}: no file ${path}`);
      continue;
    }
    if (anchor === undefined) continue;
    const headings = [...read(path).matchAll(/^#+ (.+)$/gm)].map((m) => headingAnchor(m[1] ?? ""));
    if (!headings.includes(anchor))
      broken.push(`${relative}: ${target}: no heading #${anchor} in ${path}`);
  }
  return broken;
}

/**
 * The TypeScript blocks of a page as one module a type checker can read: their imports first
 * (one per module, as two blocks may import the same name), then each block nested in the one
 * before it, so a block sees what earlier ones declared (the AI SDK's retry example uses the
 * `openclaw` provider made above it) and may declare a name again.
 */
function typeScriptOfPage(text: string): string {
  const blocks = [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] ?? "");
  const importPattern = /^import\s+([\s\S]*?)\s+from\s+"([^"]+)";[^\n]*$/gm;
  const named = new Map<string, Set<string>>();
  const defaults: string[] = [];
  for (const [, what = "", from = ""] of blocks.flatMap((block) => [
    ...block.matchAll(importPattern),
  ])) {
    const braces = /^\{([\s\S]*)\}$/.exec(what.trim());
    if (!braces) defaults.push(`import ${what} from "${from}";`);
    for (const name of (braces?.[1] ?? "")
      .split(",")
      .map((n) => n.trim())
      .filter(Boolean))
      named.set(from, (named.get(from) ?? new Set()).add(name));
  }
  const imports = [
    ...defaults,
    ...[...named].map(([from, names]) => `import { ${[...names].join(", ")} } from "${from}";`),
  ];
  const bodies = blocks.map((block) => block.replace(importPattern, ""));
  return [...imports, ...bodies.map((body) => `{\n${body}`), "}".repeat(bodies.length)].join("\n");
}

/**
 * What the type checker says about each of `sources` (name → text), compiled as files of the
 * repo with its strict settings, in one program (the libraries' types are read once).
 */
function typeErrors(
  sources: Record<string, string>,
  stricter: ts.CompilerOptions = {},
): Record<string, string[]> {
  const files = new Map(
    Object.entries(sources).map(([name, text]) => [
      join(root, "test", `${name}.snippets.ts`),
      text,
    ]),
  );
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2023,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ["lib.es2023.d.ts"],
    types: ["node"],
    strict: true,
    noUncheckedIndexedAccess: true,
    skipLibCheck: true,
    noEmit: true,
    // The snippets import the package by its name, as a user does: its source stands in for it.
    paths: { "openclaw-kimi": [join(root, "src/index.ts")] },
    ...stricter,
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (name) => files.get(name) ?? readFile(name);
  host.fileExists = (name) => files.has(name) || ts.sys.fileExists(name);
  host.getSourceFile = (name, language, ...rest) => {
    const text = files.get(name);
    return text === undefined
      ? getSourceFile(name, language, ...rest)
      : ts.createSourceFile(name, text, language);
  };
  const program = ts.createProgram([...files.keys()], options, host);
  const names = Object.keys(sources);
  return Object.fromEntries(
    [...files.keys()].map((file, index) => [
      names[index],
      ts
        .getPreEmitDiagnostics(program, program.getSourceFile(file))
        .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")),
    ]),
  );
}

describe("docs", () => {
  it.each(GENERATED_DOCS)(
    "%s agrees with the catalog (run npm run docs:sync if not)",
    (relative) => {
      const text = read(relative);
      expect(applyDocBlocks(text)).toBe(text);
    },
  );

  it("would notice a catalog change", () => {
    const blocks = renderDocBlocks();
    blocks["moonshot-kimi-k2-ids"] = ["- `kimi-k9`"];
    const text = read(GENERATED_DOCS[0]!);
    expect(applyDocBlocks(text, blocks)).not.toBe(text);
  });

  it.each(GENERATED_DOCS)("the config snippets in %s load and resolve", (relative) => {
    const snippets = json5Blocks(read(relative));
    // Moonshot's, Kimi Code's, then Kimi Code over its Anthropic API.
    expect(snippets).toHaveLength(3);
    const primaries = snippets.map((snippet) => {
      const dir = tempFiles({ "openclaw.json": snippet });
      const catalog = buildCatalog(loadConfig({ path: join(dir, "openclaw.json"), env: {} }));
      return resolveModelChain(catalog)[0]?.ref;
    });
    expect(primaries).toEqual([
      "moonshot/kimi-k2.5",
      "kimi-code/kimi-for-coding",
      "kimi-coding/kimi-for-coding",
    ]);
  });

  it.each(GENERATED_DOCS)("the first two snippets of %s are the spec's snippets", (relative) => {
    // The third, Kimi Code over its Anthropic API, is not the spec's (kimi-code-anthropic-page.test.ts).
    const ours = json5Blocks(read(relative)).slice(0, 2).map(withoutMarkers);
    const fixtures = ["moonshot.json5", "kimi-code.json5"].map((name) =>
      withoutMarkers(read(`test/fixtures/seed/${name}`)),
    );
    expect(ours).toEqual(fixtures);
  });

  it("the seed fixtures are verbatim copies of the spec page", () => {
    const spec = join(root, "../shared/seed/moonshot.zh-CN.md");
    const fixtures = ["moonshot.json5", "kimi-code.json5"].map((name) =>
      read(`test/fixtures/seed/${name}`),
    );
    if (!existsSync(spec)) {
      // Outside this workspace the spec page is not beside the repo; the fixtures still stand.
      expect(fixtures[0]).toContain('primary: "moonshot/kimi-k2.5"');
      return;
    }
    expect(json5Blocks(readFileSync(spec, "utf8"))).toEqual(fixtures);
  });

  it.each(USER_DOCS)(
    "every openclaw command %s shows exists, with the options it takes",
    (relative) => {
      const program = buildProgram();
      const commands = documentedCommands(read(relative));
      expect(commands.length).toBeGreaterThan(5);
      const wrong = commands.flatMap(({ line, command }) =>
        commandProblems(program, command).map(
          (problem) => `${relative}:${line}: ${command}: ${problem}`,
        ),
      );
      expect(wrong).toEqual([]);
    },
  );

  it("every example in a command's --help exists, with the options it takes", () => {
    const program = buildProgram();
    const every = (command: Command): Command[] => [
      command,
      ...command.commands.filter((sub) => sub.name() !== "help").flatMap(every),
    ];
    const examples = every(program).flatMap((command) => {
      let help = "";
      command.configureOutput({ writeOut: (text) => (help += text), getOutHelpWidth: () => 300 });
      command.outputHelp();
      // Example lines: `  openclaw …`, maybe after variables set for it (`NO_COLOR=1 openclaw …`).
      return help
        .split("\n")
        .map((line) => /^\s*(?:[A-Z_]+=\S*\s+)*(openclaw\s.*)$/.exec(line)?.[1])
        .filter((line): line is string => line !== undefined)
        .map((line) => line.replace(/\s+#.*$/, ""));
    });
    expect(examples.length).toBeGreaterThan(50);
    const wrong = examples.flatMap((example) =>
      commandProblems(program, example).map((problem) => `${example}: ${problem}`),
    );
    expect(wrong).toEqual([]);
  });

  it("would notice a command or an option the CLI does not have", () => {
    const program = buildProgram();
    const page = [
      "```bash",
      "openclaw agent -m hi --modle moonshot/kimi-k2.5   # a typo",
      "openclaw models lsit",
      "```",
      "Run `openclaw gatway --port 8080`, or `openclaw usage --since 7d --by model [--jsn]`.",
      "Fine: `openclaw agent -m - --json` and `openclaw models scan --provider <id> --add`.",
    ].join("\n");
    const problems = documentedCommands(page).map(({ line, command }) => [
      line,
      commandProblems(program, command),
    ]);
    expect(problems).toEqual([
      [2, ["agent has no option --modle"]],
      [3, ['"lsit" is not a command of models']],
      [5, ['"gatway" is not a command']],
      [5, ["usage has no option --jsn"]],
      [6, []],
      [6, []],
    ]);
  });

  it("every key the guide's config tables name is one the config takes", () => {
    const keys = documentedConfigKeys(read("docs/guide.md"));
    // Every table was found: its heading is still the one CONFIG_KEY_BLOCKS looks for.
    expect(new Set(keys.map((key) => key.path.slice(0, 2).join("."))).size).toBeGreaterThanOrEqual(
      6,
    );
    expect(keys.length).toBeGreaterThan(60);
    const unknown = keys
      .filter((key) => unknownPathSegment(configSchema, key.path) !== undefined)
      .map((key) => `docs/guide.md:${key.line}: ${key.path.join(".")}`);
    expect(unknown).toEqual([]);
  });

  it("the defaults the guide's config tables show are the ones the code applies", () => {
    const keys = documentedConfigKeys(read("docs/guide.md"));
    const modelPrefix = "models.providers.moonshot.models.0.";
    const wrong: string[] = [];
    let compared = 0;
    for (const key of keys) {
      const dotted = key.path.join(".");
      const modelKey = dotted.startsWith(modelPrefix) ? dotted.slice(modelPrefix.length) : "";
      const inCode = Object.hasOwn(MODEL_DEFAULTS, modelKey)
        ? MODEL_DEFAULTS[modelKey as keyof typeof MODEL_DEFAULTS]
        : documentedDefault(keyDefault(key.path) ?? "", 0);
      // No fixed default, or one a hint words as a sentence (the ledger's path).
      if (inCode === undefined) continue;
      compared++;
      // "all 0" for an object of numbers (`cost`): each of its members.
      const every = /^all (\d+)$/.exec(key.defaultCell)?.[1];
      const documented =
        every !== undefined &&
        typeof inCode === "object" &&
        inCode !== null &&
        !Array.isArray(inCode)
          ? Object.fromEntries(Object.keys(inCode).map((name) => [name, Number(every)]))
          : documentedDefault(key.defaultCell, key.position);
      if (JSON.stringify(documented) !== JSON.stringify(inCode))
        wrong.push(
          `docs/guide.md:${key.line}: ${dotted}: the guide says ${key.defaultCell}, the code applies ${JSON.stringify(inCode)}`,
        );
    }
    expect(compared).toBeGreaterThan(15);
    expect(wrong).toEqual([]);
  });

  it("would notice a config key or a default the code no longer has", () => {
    const page = [
      "## Config keys",
      "**`gateway`**: read by `openclaw gateway`.",
      "| Key | Type | Default | What it does |",
      "|---|---|---|---|",
      "| `port` | integer | `18788` | The port. |",
      "| `timeouts.firstByteMs`, `idleMs`, `totalMz` | integer | 120000, 120000, 600000 | Timeouts. |",
      "| `limits.maxBodyBytes` | integer | 8 MiB | Largest body. |",
      "## Environment variables",
    ].join("\n");
    const keys = documentedConfigKeys(page);
    expect(keys.map((key) => [key.line, key.path.join(".")])).toEqual([
      [5, "gateway.port"],
      [6, "gateway.timeouts.firstByteMs"],
      [6, "gateway.timeouts.idleMs"],
      [6, "gateway.timeouts.totalMz"],
      [7, "gateway.limits.maxBodyBytes"],
    ]);
    expect(
      keys.filter((key) => unknownPathSegment(configSchema, key.path) !== undefined),
    ).toHaveLength(1);
    expect(keys.map((key) => documentedDefault(key.defaultCell, key.position))).toEqual([
      18788,
      120000,
      120000,
      600000,
      8 * 1024 * 1024,
    ]);
    expect(keyDefault(["gateway", "port"])).not.toBe("18788");
  });

  it("every variable the guide's environment table names is one the code reads", () => {
    const text = read("docs/guide.md");
    const table = text.slice(text.indexOf("## Environment variables"));
    const names = table
      .split("\n")
      .filter((line) => line.startsWith("| `"))
      .flatMap((line) => [...(line.split(" | ")[0] ?? "").matchAll(/`([A-Z][A-Z0-9_]+)`/g)])
      .map((match) => match[1] ?? "");
    expect(names.length).toBeGreaterThan(15);
    const source = sourceText(join(root, "src"));
    const unread = names.filter((name) => !new RegExp(`\\b${name}\\b`).test(source));
    expect(unread).toEqual([]);
  });

  it("every key the config takes is in a table of the guide's config keys", () => {
    const documented = documentedConfigKeys(read("docs/guide.md")).map((key) =>
      key.path
        .map((segment) =>
          typeof segment === "number" || Object.values(PLACEHOLDERS).includes(segment)
            ? "*"
            : segment,
        )
        .join("."),
    );
    // A row covers what is under it (`cost` its four prices, a model's `compat` every rule).
    const covered = (path: string) =>
      documented.some((row) => path === row || path.startsWith(`${row}.`));
    // Said in the prose above the tables, for editors.
    const inProse = ["$schema"];
    const leaves = schemaLeafPaths(configJsonSchema());
    expect(leaves.length).toBeGreaterThan(60);
    expect(leaves.filter((path) => !covered(path) && !inProse.includes(path))).toEqual([]);
  });

  it("would notice a config key the guide's tables leave out", () => {
    const schema = {
      properties: {
        gateway: { properties: { port: { type: "integer" }, newKey: { type: "string" } } },
        models: {
          properties: {
            providers: { additionalProperties: { properties: { baseUrl: { type: "string" } } } },
          },
        },
      },
    };
    expect(schemaLeafPaths(schema)).toEqual([
      "gateway.port",
      "gateway.newKey",
      "models.providers.*.baseUrl",
    ]);
  });

  it("every variable the code reads is in the guide's environment table", () => {
    const text = read("docs/guide.md");
    const table = text.slice(text.indexOf("## Environment variables"));
    const rows = table
      .split("\n")
      .filter((line) => line.startsWith("| `"))
      .map((line) => line.split(" | ")[0] ?? "");
    const read_ = variablesReadBy(sourceText(join(root, "src")));
    expect(read_).toEqual(
      expect.arrayContaining(["HTTPS_PROXY", "https_proxy", "OPENCLAW_HOME", "TZ"]),
    );
    // Lower-case proxy names are the row's "(and lower-case)"; a custom provider's key is `<ID>_API_KEY`.
    const missing = read_.filter((name) => {
      const written = /_proxy$/.test(name) ? name.toUpperCase() : name;
      return !rows.some((row) => row.includes(`\`${written}\``));
    });
    expect(missing).toEqual([]);
  });

  it("would notice a variable the environment table leaves out", () => {
    const source = [
      "/** `env.BASE` in a comment is no read. */",
      "const home = env.OPENCLAW_HOME?.trim(); // env.OTHER neither",
      'const proxy = firstSet(env, ["no_proxy", "NO_PROXY"]);',
      'const override = { overrideVar: "OPENCLAW_OTHER_BASE_URL" };',
      'if (process.env["NEW_SETTING"]) debug();',
      'const label = "Bearer";',
    ].join("\n");
    expect(variablesReadBy(source)).toEqual([
      "NEW_SETTING",
      "NO_PROXY",
      "OPENCLAW_HOME",
      "OPENCLAW_OTHER_BASE_URL",
      "no_proxy",
    ]);
  });

  it("the guide's doctor section names each check doctor reports, and only those", () => {
    const text = read("docs/guide.md");
    const start = text.indexOf("## `openclaw doctor`");
    const section = text.slice(start, text.indexOf("\n## ", start + 1));
    // `- **model** and **key**:` names two checks in one bullet.
    const described = section
      .split("\n")
      .filter((line) => line.startsWith("- **"))
      .flatMap((line) => [...(line.split(":")[0] ?? "").matchAll(/\*\*([a-z]+)\*\*/g)])
      .map((match) => match[1] ?? "");
    const source = sourceText(join(root, "src/doctor"));
    const reported = [...source.matchAll(/\bfinding\(\s*"([a-z]+)"/g)].map((match) => match[1]);
    expect(reported.length).toBeGreaterThan(10);
    // What a script filtering `doctor --json` by `check` can meet is what the guide lists.
    expect([...new Set(described)].sort()).toEqual([...new Set(reported)].sort());
  });

  it("every --auth-choice the pages show is one onboard takes", () => {
    const onboard = buildProgram().commands.find((command) => command.name() === "onboard");
    const described = onboard?.options.find(
      (option) => option.long === "--auth-choice",
    )?.description;
    const choices = /: (.+)$/.exec(described ?? "")?.[1]?.split(", ") ?? [];
    expect(choices).toContain("moonshot-api-key");
    const spec = join(root, "../shared/seed/moonshot.zh-CN.md");
    const pages = [...USER_DOCS, ...(existsSync(spec) ? ["../shared/seed/moonshot.zh-CN.md"] : [])];
    const wrong = pages.flatMap((page) =>
      [...read(page).matchAll(/--auth-choice[ =]([a-z0-9-]+)/g)]
        .map((match) => match[1] ?? "")
        .filter((choice) => !choices.includes(choice))
        .map((choice) => `${page}: --auth-choice ${choice}`),
    );
    expect(wrong).toEqual([]);
  });

  it("the README's layout names every directory of src/, and only those", () => {
    const readme = read("README.md");
    const layout = readme.slice(readme.indexOf("## Layout"), readme.indexOf("## Benchmarks"));
    const named = [...layout.matchAll(/^src\/([a-z]+)\s/gm)].map((match) => match[1]).sort();
    const present = readdirSync(join(root, "src"), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    expect(named).toEqual(present);
  });

  it("the compat defaults the guide shows for each kind of endpoint are the ones it gets", () => {
    // The compat table's rows (a model's own `compat` row is at `models[0].compat`).
    const keys = documentedConfigKeys(read("docs/guide.md")).filter(
      (key) => key.path.at(-2) === "compat",
    );
    expect(keys.length).toBeGreaterThan(15);
    const wrong: string[] = [];
    let set = 0;
    for (const key of keys) {
      const name = String(key.path.at(-1));
      const documented = documentedCompatDefaults(key.defaultCell);
      for (const [kind, baseUrl] of Object.entries(COMPAT_ENDPOINTS)) {
        const inCode = (defaultCompat(baseUrl) as unknown as Record<string, unknown>)[name];
        const said = documented[kind as CompatEndpoint];
        // A key the defaults leave unset acts as its off value ("none", false, no limit).
        const same =
          inCode === undefined
            ? said === undefined || said === "none" || said === false
            : said === inCode;
        if (inCode !== undefined) set++;
        if (!same)
          wrong.push(
            `docs/guide.md:${key.line}: compat.${name} for ${kind}: the guide says ${JSON.stringify(said)}, the code ${JSON.stringify(inCode)}`,
          );
      }
    }
    expect(set).toBeGreaterThan(40);
    expect(wrong).toEqual([]);
    expect(
      documentedCompatDefaults(
        '`"none"`; Moonshot `"moonshot"` (`"x"` for K3 ids); OpenAI `"openai"`',
      ),
    ).toEqual({
      OpenAI: "openai",
      Moonshot: "moonshot",
      "Kimi Code": "moonshot",
      other: "none",
    });
  });

  it.each(USER_DOCS)("the links of %s reach a file and a heading that exist", (relative) => {
    expect(brokenLinks(relative)).toEqual([]);
  });

  it("would notice a link to a heading that was renamed", () => {
    const page =
      "[a](docs/guide.md#behind-a-prox) [b](docs/nope.md) [c](docs/guide.md#config-keys) [d](https://example.com/x)";
    expect(brokenLinks("README.md", page)).toEqual([
      "README.md: docs/guide.md#behind-a-prox: no heading #behind-a-prox in docs/guide.md",
      "README.md: docs/nope.md: no file docs/nope.md",
    ]);
    expect(headingAnchor("`openclaw agent` and `openclaw chat`")).toBe(
      "openclaw-agent-and-openclaw-chat",
    );
  });

  it("the TypeScript examples of the README and the guide type-check against the package, strict", () => {
    const pages = ["README.md", "docs/guide.md"];
    const sources = Object.fromEntries(pages.map((page) => [page, typeScriptOfPage(read(page))]));
    for (const page of pages) expect(sources[page]).toContain('from "openclaw-kimi"');
    // A deliberate mistake beside them: the check does see errors.
    const typo = 'import { openRuntime } from "openclaw-kimi";\nopenRuntime({ confg: {} });\n';
    const errors = typeErrors({ ...sources, typo: typeScriptOfPage(`\`\`\`ts\n${typo}\`\`\``) });
    expect(errors.typo?.join("\n")).toMatch(/confg/);
    expect({ ...errors, typo: [] }).toEqual({ "README.md": [], "docs/guide.md": [], typo: [] });
  }, 60_000);

  // A reader copies one example, not the page: the check above nests each block in the ones
  // before it, so a name declared 200 lines earlier (the guide's startGateway example used
  // `myKey` from the "Whose key wins" one) passed there and failed in the reader's project.
  it("each example that imports the package type-checks on its own", () => {
    const sources: Record<string, string> = {};
    for (const page of ["README.md", "docs/guide.md"]) {
      const blocks = [...read(page).matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] ?? "");
      blocks.forEach((block, index) => {
        if (block.includes('from "openclaw-kimi"'))
          sources[`${page} example ${index + 1}`] = typeScriptOfPage(`\`\`\`ts\n${block}\`\`\``);
      });
    }
    expect(Object.keys(sources).length).toBeGreaterThanOrEqual(5);
    const errors = Object.entries(typeErrors(sources)).filter(([, found]) => found.length > 0);
    expect(Object.fromEntries(errors)).toEqual({});
  }, 60_000);

  // Projects on the strictest settings (@tsconfig/strictest) also set exactOptionalPropertyTypes,
  // where an option typed `sessionModel?: string` refuses the `session.model` (string |
  // undefined) the guide's session example passes it: the types must take what the examples do.
  it("each example that imports the package type-checks with exactOptionalPropertyTypes too", () => {
    const sources: Record<string, string> = {};
    for (const page of ["README.md", "docs/guide.md"]) {
      const blocks = [...read(page).matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] ?? "");
      blocks.forEach((block, index) => {
        if (block.includes('from "openclaw-kimi"'))
          sources[`${page} example ${index + 1}`] = typeScriptOfPage(`\`\`\`ts\n${block}\`\`\``);
      });
    }
    // And a model a program may or may not have been given, which the types document as
    // "undefined for the configured primary".
    sources["a model given or not"] = [
      'import { openRuntime, readUsageReport, runAgentToEnd } from "openclaw-kimi";',
      "const { runtime } = openRuntime();",
      'const model: string | undefined = process.env["MY_APP_MODEL"];',
      'const messages = [{ role: "user" as const, content: "Hi" }];',
      "await runtime.complete({ model, request: { messages } });",
      "await runAgentToEnd({ runtime, model, messages });",
      // A report's since forwarded as the program has it, and options left undefined.
      'const since: string | undefined = process.env["MY_APP_SINCE"];',
      "await readUsageReport({ since, by: undefined, env: undefined, config: undefined });",
    ].join("\n");
    const found = typeErrors(sources, { exactOptionalPropertyTypes: true });
    const errors = Object.entries(found).filter(([, messages]) => messages.length > 0);
    expect(Object.fromEntries(errors)).toEqual({});
  }, 60_000);

  it("the ledger's requests view has the columns the guide lists for sqlite3 queries, and only those", async () => {
    // The guide's "Its columns: `ts` (…), `request_id`, …" up to "Beside it,": each backticked
    // name that opens an item, its parenthesised notes (which quote values) left out.
    const flat = read("docs/guide.md").replace(/\s*\n\s*/g, " ");
    const list = /Its columns: (.+?) Beside it,/.exec(flat)?.[1] ?? "";
    const notes = /\([^()]*(?:\([^()]*\)[^()]*)*\)/g;
    const documented = [...list.replace(notes, "").matchAll(/`([a-z_]+)`/g)].map((m) => m[1]);
    const dir = mkdtempSync(join(tmpdir(), "openclaw-docs-ledger-"));
    try {
      const path = join(dir, "usage.sqlite");
      await new UsageLedger({ path }).close();
      const db = new Database(path, { readonly: true });
      const columns = db.prepare("SELECT name FROM pragma_table_info('requests')").pluck().all();
      db.close();
      expect(documented.sort()).toEqual([...(columns as string[])].sort());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the Node.js the guide's doctor section asks for is package.json's engines, as doctor checks it", () => {
    const engines = /^>=(\d+\.\d+)(?:\.0)?$/.exec(JSON.parse(read("package.json")).engines.node);
    const guide = read("docs/guide.md").replace(/\s*\n\s*/g, " ");
    const documented =
      /- \*\*node\*\*: the Node\.js that runs openclaw is (\d+\.\d+) or newer/.exec(guide);
    expect(engines?.[1]).toBeDefined();
    expect(documented?.[1]).toBe(engines?.[1]);
    expect(MINIMUM_NODE).toBe(`${engines?.[1]}.0`);
  });

  it("the version printed by the CLI is package.json's", () => {
    expect(VERSION).toBe(JSON.parse(read("package.json")).version);
  });
});
