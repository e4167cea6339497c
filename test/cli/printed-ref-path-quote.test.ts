/**
 * The `config set` / `config unset` commands openclaw prints for a path under a model's ref
 * (`agents.defaults.models["<ref>"]…`) put the path in single quotes as it is: a ref with a quote
 * (`lab/kimi k2 #old's`) closed those quotes early, so the command pasted into a shell failed.
 * Each is run here as pasted, in a plain shell, and the config read back. The built CLI.
 */
import { readFileSync, writeFileSync } from "node:fs";
import JSON5 from "json5";
import { describe, expect, it } from "vitest";
import { parsePath, shellPath } from "../../src/config/index.js";
import { customProvider } from "../helpers/custom-provider-entry.js";
import { runInPlainShell } from "../helpers/plain-shell.js";
import { freshState } from "../onboard/harness.js";

const ID = "kimi k2 #old's";
const REF = `lab/${ID}`;

type Entry = { alias?: string; params?: Record<string, unknown> };

/** A config serving REF, with `entry` as its agents.defaults.models entry. */
function configWith(entry: Entry): string {
  return JSON.stringify(
    {
      agents: { defaults: { model: { primary: REF }, models: { [REF]: entry } } },
      models: {
        mode: "merge",
        providers: {
          lab: customProvider([{ id: ID, name: "Old lab model" }], {
            apiKey: "sk-fake-test-key-0001",
          }),
        },
      },
    },
    null,
    2,
  );
}

function savedEntry(configPath: string): Entry | undefined {
  const config = JSON5.parse(readFileSync(configPath, "utf8")) as {
    agents: { defaults: { models: Record<string, Entry> } };
  };
  return config.agents.defaults.models[REF];
}

const unwrapped = (text: string) => text.replace(/\n\s+/g, " ");

async function runPasted(command: string, dir: string): Promise<void> {
  expect(command).toMatch(/^openclaw config (set|unset) /);
  await runInPlainShell(`OPENCLAW_STATE_DIR='${dir}' ${command}`, dir);
}

describe("printed config commands whose path holds a ref with a quote", () => {
  it("params.max_tokens's hint moves the cap to maxTokens as pasted", async () => {
    const state = freshState();
    writeFileSync(state.configPath, configWith({ params: { max_tokens: 16000 } }));
    const result = await state.run(["config", "validate"]);
    const said = unwrapped(result.stdout + result.stderr);
    const hint =
      /write it as maxTokens: (openclaw config set .*? 16000), then (openclaw config unset .*?)(\n|$)/.exec(
        said,
      );
    expect(hint, said).not.toBeNull();
    await runPasted(hint?.[1] ?? "", state.dir);
    await runPasted(hint?.[2] ?? "", state.dir);
    expect(savedEntry(state.configPath)?.params).toEqual({ maxTokens: 16000 });
  });

  it("a cap of no tokens is taken out by its hint's unset, as pasted", async () => {
    const state = freshState();
    writeFileSync(state.configPath, configWith({ params: { maxTokens: -5, temperature: 1 } }));
    const result = await state.run(["config", "validate"]);
    const said = unwrapped(result.stdout + result.stderr);
    const unset = /up to 32000\): (openclaw config unset .*?)(\n|$)/.exec(said);
    expect(unset, said).not.toBeNull();
    await runPasted(unset?.[1] ?? "", state.dir);
    expect(savedEntry(state.configPath)?.params).toEqual({ temperature: 1 });
  });

  it("a reserved alias's hint renames it as pasted", async () => {
    const state = freshState();
    writeFileSync(state.configPath, configWith({ alias: "openclaw" }));
    const result = await state.run(["config", "validate"]);
    const said = unwrapped(result.stdout + result.stderr);
    const rename = /pick another name, e\.g\. (openclaw config set .*? Kimi);/.exec(said);
    expect(rename, said).not.toBeNull();
    await runPasted(rename?.[1] ?? "", state.dir);
    expect(savedEntry(state.configPath)?.alias).toBe("Kimi");
  });

  it("shellPath gives such a path as one word", async () => {
    const state = freshState();
    writeFileSync(state.configPath, configWith({}));
    const path = shellPath(parsePath(`agents.defaults.models[${JSON.stringify(REF)}].alias`));
    await runPasted(`openclaw config set ${path} Lab`, state.dir);
    expect(savedEntry(state.configPath)?.alias).toBe("Lab");
  });
});
