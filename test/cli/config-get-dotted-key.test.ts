/**
 * `config get` of a path whose key has a dot in it (a provider `my.local`, a model ref
 * `moonshot/kimi-k2.5`), typed with dots as most people first type it: the error says the path
 * as typed, the hint says which word is one key and gives the bracketed command, quoted for the
 * shell, which then prints the value.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { customProvider } from "../helpers/custom-provider-entry.js";
import { tempDir } from "../helpers/tmp.js";

function state(): { env: Record<string, string>; configPath: string } {
  const dir = tempDir();
  const configPath = path.join(dir, "openclaw.json");
  const config = {
    models: {
      providers: {
        "my.local": customProvider([{ id: "qwen2.5", name: "Qwen" }], {
          baseUrl: "http://127.0.0.1:8080/v1",
        }),
      },
    },
    agents: { defaults: { models: { "moonshot/kimi-k2.5": { alias: "Kimi K2.5" } } } },
  };
  writeFileSync(configPath, `${JSON.stringify(config, null, 2)}\n`);
  return { env: { OPENCLAW_STATE_DIR: dir }, configPath };
}

/** The path of the `openclaw config get '…'` a hint offers, as a shell passes it on. */
function offeredPath(hint: string): string {
  const quoted = /openclaw config get '([^']+)'/.exec(hint)?.[1];
  if (quoted === undefined) throw new Error(`no quoted command in: ${hint}`);
  return quoted;
}

describe("config get of a key with a dot in it, typed with dots", () => {
  it("names the key the dot split and the bracketed command, which then prints the value", async () => {
    const { env, configPath } = state();
    const naive = await runCli(["config", "get", "models.providers.my.local.baseUrl"], { env });
    expect(naive.code).toBe(1);
    expect(naive.stdout).toBe("");
    expect(naive.stderr).toBe(
      `error: models.providers.my.local.baseUrl is not set in ${configPath}\n` +
        `hint: "my.local" is one key with a dot in its name, so it goes in brackets; type the path quoted for the shell: openclaw config get 'models.providers["my.local"].baseUrl'\n`,
    );
    const typed = await runCli(["config", "get", offeredPath(naive.stderr)], { env });
    expect(typed).toMatchObject({ code: 0, stdout: "http://127.0.0.1:8080/v1\n", stderr: "" });
  });

  it("says a model ref typed with dots as typed, not split at its dot", async () => {
    const { env } = state();
    const naive = await runCli(
      ["config", "get", "agents.defaults.models.moonshot/kimi-k2.5.alias"],
      { env },
    );
    expect(naive.code).toBe(1);
    expect(naive.stderr).toMatch(
      /^error: agents\.defaults\.models\.moonshot\/kimi-k2\.5\.alias is not set in /,
    );
    expect(naive.stderr).not.toContain('["5"]');
    expect(naive.stderr).toContain(
      `hint: "moonshot/kimi-k2.5" is one key with a dot in its name, so it goes in brackets;`,
    );
    const typed = await runCli(["config", "get", offeredPath(naive.stderr)], { env });
    expect(typed).toMatchObject({ code: 0, stdout: "Kimi K2.5\n" });
  });

  it("a list index typed after a dot is said to be written [0], beside the key with a dot", async () => {
    const { env } = state();
    const naive = await runCli(["config", "get", "models.providers.my.local.models.0.id"], {
      env,
    });
    expect(naive.stderr).toContain(
      `"my.local" is one key with a dot in its name, so it goes in brackets, and a list element is written [0], [1]…, not .0;`,
    );
    const typed = await runCli(["config", "get", offeredPath(naive.stderr)], { env });
    expect(typed).toMatchObject({ code: 0, stdout: "qwen2.5\n" });
  });
});
