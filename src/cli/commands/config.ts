import { existsSync } from "node:fs";
import type { Command } from "commander";
import { maskKey } from "../../auth/index.js";
import { buildCatalog } from "../../catalog/index.js";
import {
  ConfigError,
  configJsonSchema,
  getAtPath,
  hasTemplate,
  isSecretPath,
  loadConfig,
  type PathSegment,
  parseCliValue,
  parsePath,
  readConfigTree,
  resolveConfigPath,
  setConfigValue,
  unsetConfigValue,
} from "../../config/index.js";
import { OpenClawError } from "../../errors.js";
import { printJson, style } from "../output.js";

/** Masks credentials inside a value about to be shown; `${VAR}` references are shown as written. */
function redact(value: unknown, path: PathSegment[]): unknown {
  if (typeof value === "string") {
    return isSecretPath(path) && !hasTemplate(value) && value !== "" ? maskKey(value) : value;
  }
  if (Array.isArray(value)) return value.map((item, index) => redact(item, [...path, index]));
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, redact(item, [...path, key])]),
    );
  }
  return value;
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

export function registerConfig(program: Command): void {
  const config = program
    .command("config")
    .description("read and change the config file (dot/bracket paths, JSON5 values)")
    .addHelpText(
      "after",
      `
Examples:
  openclaw config file
  openclaw config get agents.defaults.model.primary
  openclaw config set agents.defaults.model.primary moonshot/kimi-k2-thinking
  openclaw config set 'models.providers["kimi-code"].models[0].maxTokens' 16384
  openclaw config unset gateway.port
  openclaw config validate --json
  openclaw config schema > openclaw.schema.json

Note: writing the file rewrites it as JSON: comments in a hand-written file are not kept
(the previous file is saved as openclaw.json.bak).`,
    );

  config
    .command("file")
    .description("print the config file's path")
    .option("--json", "machine-readable output")
    .addHelpText("after", "\nExample:\n  openclaw config file")
    .action((options: { json?: boolean }) => {
      // The path is what a person needs to repair a broken config: never fail to print it.
      const path = resolveConfigPath();
      const exists = existsSync(path);
      let problem: ConfigError | undefined;
      let files: string[] | undefined;
      try {
        files = loadConfig({ path }).files;
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
        process.stdout.write(`${path}${exists ? "" : style.dim(" (not created yet)")}\n`);
      }
      if (problem) {
        process.stderr.write(
          `${style.yellow("warning")}: the config has problems; see them with: openclaw config validate\n`,
        );
      }
    });

  config
    .command("get")
    .argument("<path>", 'dot/bracket path, e.g. models.providers["kimi-code"].baseUrl')
    .description("print a value (with $include merged; secrets masked)")
    .option("--json", "print the value as JSON")
    .addHelpText(
      "after",
      "\nExamples:\n  openclaw config get agents.defaults.model\n  openclaw config get gateway.port --json",
    )
    .action((expression: string, options: { json?: boolean }) => {
      const segments = parsePath(expression);
      const loaded = loadConfig();
      const value = getAtPath(loaded.config, segments);
      if (value === undefined) {
        throw new OpenClawError("config.not_set", `${expression} is not set in ${loaded.path}`, {
          hint: "check the path's spelling; `openclaw config file` shows which file is read",
        });
      }
      const shown = redact(value, segments);
      if (options.json) printJson(shown);
      else process.stdout.write(`${show(shown)}\n`);
    });

  config
    .command("set")
    .argument("<path>", "dot/bracket path")
    .argument(
      "<value>",
      'a JSON5 value (8192, true, {a: 1}, "text"); other text is taken as a string',
    )
    .description("set a value; the result is validated before the file is replaced")
    .option("--json", "machine-readable output")
    .addHelpText(
      "after",
      `
Examples:
  openclaw config set agents.defaults.model '{primary: "moonshot/kimi-k2.5", fallbacks: ["kimi-code/kimi-for-coding"]}'
  openclaw config set models.providers.moonshot.baseUrl https://api.moonshot.cn/v1
  openclaw config set models.providers.moonshot.apiKey '\${MOONSHOT_API_KEY}'`,
    )
    .action((expression: string, raw: string, options: { json?: boolean }) => {
      const path = resolveConfigPath();
      const result = setConfigValue(path, expression, parseCliValue(raw));
      const shown = redact(result.value, result.segments);
      if (options.json) printJson({ path, key: result.path, value: shown });
      else
        process.stdout.write(
          `${style.green("✓")} ${result.path} = ${show(shown)}  ${style.dim(`(${path})`)}\n`,
        );
    });

  config
    .command("unset")
    .argument("<path>", "dot/bracket path")
    .description("remove a value")
    .option("--json", "machine-readable output")
    .addHelpText("after", "\nExample:\n  openclaw config unset agents.defaults.model.fallbacks")
    .action((expression: string, options: { json?: boolean }) => {
      const path = resolveConfigPath();
      const result = unsetConfigValue(path, expression);
      if (options.json) printJson({ path, key: result.path, removed: true });
      else
        process.stdout.write(
          `${style.green("✓")} removed ${result.path}  ${style.dim(`(${path})`)}\n`,
        );
    });

  config
    .command("schema")
    .description("print the config's JSON Schema")
    .addHelpText("after", "\nExample:\n  openclaw config schema > openclaw.schema.json")
    .action(() => printJson(configJsonSchema()));

  config
    .command("validate")
    .description("check the config and say exactly what is wrong and where")
    .option("--json", "machine-readable output")
    .addHelpText(
      "after",
      "\nExamples:\n  openclaw config validate\n  OPENCLAW_CONFIG_PATH=./openclaw.json openclaw config validate --json",
    )
    .action((options: { json?: boolean }) => {
      const path = resolveConfigPath();
      let loaded: ReturnType<typeof loadConfig>;
      try {
        loaded = loadConfig({ path });
      } catch (error) {
        if (options.json && error instanceof ConfigError) {
          printJson({ valid: false, path, error: error.toJSON() });
          process.exitCode = 1;
          return;
        }
        throw error;
      }
      const catalog = buildCatalog(loaded);
      const valid = catalog.problems.length === 0;
      if (options.json) {
        printJson({
          valid,
          path,
          exists: loaded.exists,
          files: loaded.files,
          providers: [...catalog.providers.keys()],
          problems: catalog.problems,
          ignored: loaded.ignoredSections,
        });
      } else {
        const out = process.stdout;
        if (!loaded.exists)
          out.write(`${style.yellow("!")} ${path} does not exist yet: using built-in defaults\n`);
        for (const problem of catalog.problems) {
          out.write(
            `${style.red("✗")} ${problem.path}: ${problem.message}${problem.hint ? `\n  hint: ${problem.hint}` : ""}\n`,
          );
        }
        if (loaded.ignoredSections.length > 0) {
          out.write(
            `${style.dim(`ignored (not used by this tool): ${loaded.ignoredSections.join(", ")}`)}\n`,
          );
        }
        if (valid)
          out.write(
            `${style.green("✓")} config is valid: ${path} (${catalog.providers.size} providers)\n`,
          );
      }
      if (!valid) process.exitCode = 1;
    });
}
