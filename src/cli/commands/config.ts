import type { Command } from "commander";

/** The config commands' code, loaded only when one of them runs (keeps `--version` fast). */
function run() {
  return import("./config-run.js");
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
  openclaw config set agents.defaults.model.primary moonshot/kimi-k2.5
  openclaw config set 'models.providers["kimi-code"].models[0].maxTokens' 16384
  openclaw config unset 'models.providers["kimi-code"].models[0].maxTokens'
  openclaw config validate --json
  openclaw config schema > openclaw.schema.json

Writing changes the file in place: only the value set or removed changes, and
comments, order and layout stay (the previous file is saved as openclaw.json.bak).
In the rare file that cannot be edited in place, it is rewritten as JSON and a
warning says its comments are gone. A config that is a symlink is written where
the link points; a read-only one (chmod 400) is left alone, with an error.
Keys with "." or "/" in them go in brackets: models["moonshot/kimi-k2.5"].`,
    );

  config
    .command("file")
    .description("print the config file's path")
    .option("--json", "machine-readable output")
    .addHelpText("after", "\nExample:\n  openclaw config file")
    .action(async (options: { json?: boolean }) => (await run()).runConfigFile(options));

  config
    .command("get")
    .argument("<path>", 'dot/bracket path, e.g. models.providers["kimi-code"].baseUrl')
    .description("print a value as written (with $include merged, ${VAR} kept; secrets masked)")
    .option("--json", "print the value as JSON")
    .option("--reveal", "print secrets as they are (keys, the gateway token), ${VAR} expanded")
    .addHelpText(
      "after",
      `
Examples:
  openclaw config get agents.defaults.model
  openclaw config get 'agents.defaults.models["moonshot/kimi-k2.5"]'
  openclaw config get models.providers.moonshot.baseUrl --json
  export OPENCLAW_GATEWAY_TOKEN=$(openclaw config get \\
      gateway.auth.token --reveal)   # once the gateway's first start made it

A key the file does not set is a failure (exit 1, "not set… its default
applies"), so a script can tell a value written from a default.`,
    )
    .action(async (expression: string, options: { json?: boolean; reveal?: boolean }) =>
      (await run()).runConfigGet(expression, options),
    );

  config
    .command("set")
    .argument("<path>", "dot/bracket path")
    .argument(
      "<value>",
      'a JSON5 value (8192, true, {a: 1}, "text"); other text is taken as a string',
    )
    .description(
      "set a value; the whole result is checked as config validate does before the file is replaced",
    )
    .option("--json", "machine-readable output")
    .addHelpText(
      "after",
      `
Examples:
  openclaw config set agents.defaults.model \\
      '{primary:"moonshot/kimi-k2.5", fallbacks:["kimi-code/kimi-for-coding"]}'
  openclaw config set models.providers.moonshot.baseUrl \\
      https://api.moonshot.cn/v1
  openclaw config set models.providers.moonshot.apiKey '\${MOONSHOT_API_KEY}'`,
    )
    .action(async (expression: string, raw: string, options: { json?: boolean }) =>
      (await run()).runConfigSet(expression, raw, options),
    );

  config
    .command("unset")
    .argument("<path>", "dot/bracket path")
    .description("remove a value")
    .option("--json", "machine-readable output")
    .addHelpText(
      "after",
      "\nExamples:\n  openclaw config set gateway.port 8080\n  openclaw config unset gateway.port   # back to the default, 18789",
    )
    .action(async (expression: string, options: { json?: boolean }) =>
      (await run()).runConfigUnset(expression, options),
    );

  config
    .command("schema")
    .description("print the config's JSON Schema")
    .option("--json", "accepted for scripts that pass it to every command (the output is JSON)")
    .addHelpText("after", "\nExample:\n  openclaw config schema > openclaw.schema.json")
    .action(async () => (await run()).runConfigSchema());

  config
    .command("validate")
    .description("check the config and say exactly what is wrong and where")
    .option("--json", "machine-readable output")
    .addHelpText(
      "after",
      "\nExamples:\n  openclaw config validate\n  OPENCLAW_CONFIG_PATH=./openclaw.json openclaw config validate --json",
    )
    .action(async (options: { json?: boolean }) => (await run()).runConfigValidate(options));
}
