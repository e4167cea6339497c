import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Command, Option } from "commander";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { buildCatalog, resolveModelChain } from "../src/catalog/index.js";
import { buildProgram } from "../src/cli/main.js";
import { loadConfig } from "../src/config/index.js";
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
  for (let i = next; i < args.length; i++) {
    const flag = (args[i] ?? "").replace(/^\[/, "").replace(/\]$/, "").split("=")[0] ?? "";
    if (!/^--?[a-zA-Z]/.test(flag) || flag === "--help" || flag === "-h") continue;
    const option = options.find((o) => o.long === flag || o.short === flag);
    if (!option) problems.push(`${at.name()} has no option ${flag}`);
    // Its value is skipped, whatever it looks like (`-m -`).
    else if (option.required && !(args[i] ?? "").includes("=")) i++;
  }
  return problems;
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
function typeErrors(sources: Record<string, string>): Record<string, string[]> {
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
    expect(snippets).toHaveLength(2);
    const primaries = snippets.map((snippet) => {
      const dir = tempFiles({ "openclaw.json": snippet });
      const catalog = buildCatalog(loadConfig({ path: join(dir, "openclaw.json"), env: {} }));
      return resolveModelChain(catalog)[0]?.ref;
    });
    expect(primaries).toEqual(["moonshot/kimi-k2.5", "kimi-code/kimi-for-coding"]);
  });

  it("the docs' snippets are the spec's snippets", () => {
    const ours = json5Blocks(read(GENERATED_DOCS[0]!)).map(withoutMarkers);
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

  it("the version printed by the CLI is package.json's", () => {
    expect(VERSION).toBe(JSON.parse(read("package.json")).version);
  });
});
