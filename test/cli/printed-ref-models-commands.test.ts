/**
 * The `openclaw models …` commands openclaw prints with a model ref in them (what to run instead
 * of a retired default or fallback, a scan's prune of a gone model, giving an alias to a retired
 * model's replacement, the alias a name that is no alias could be) gave the ref as it is: a ref
 * with a space, a `#` or a quote was split or cut by the shell, so the command pasted did
 * something else or failed. Each is run here as pasted, in a plain shell, and the config it saved
 * is read back. The built CLI (`npm run build` first).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import JSON5 from "json5";
import { describe, expect, it } from "vitest";
import { buildCatalog } from "../../src/catalog/index.js";
import { aliasMoveCommands } from "../../src/catalog/retired-object-edit.js";
import { loadConfig } from "../../src/config/index.js";
import { goneInChain } from "../../src/onboard/index.js";
import type { ScanResult } from "../../src/onboard/models-scan.js";
import { retiredChainMembers } from "../../src/onboard/retired-chain.js";
import { shellQuotedName } from "../../src/util/shell-word.js";
import { runCli } from "../helpers/cli.js";
import { customProvider } from "../helpers/custom-provider-entry.js";
import { runInPlainShell } from "../helpers/plain-shell.js";
import { tempDir } from "../helpers/tmp.js";

/** Two models of one provider whose ids have a space, a `#` and a quote. */
const OLD_ID = "kimi k2 #old's";
const NEW_ID = "kimi k3 #new";
const OLD = `lab/${OLD_ID}`;
const NEW = `lab/${NEW_ID}`;

interface Chain {
  primary: string;
  fallbacks?: string[];
}

interface Saved {
  model: Chain;
  models: Record<string, { alias?: string }>;
}

/** A state dir whose config serves OLD and NEW (their names "Old lab model", "New lab model"). */
function stateWith(model: Chain, models: Saved["models"] = {}): string {
  const dir = tempDir("printed-models-ref-");
  const config = {
    agents: { defaults: { model, models } },
    models: {
      mode: "merge",
      providers: {
        lab: customProvider(
          [
            { id: OLD_ID, name: "Old lab model" },
            { id: NEW_ID, name: "New lab model" },
          ],
          { apiKey: "sk-fake-test-key-0001" },
        ),
      },
    },
  };
  writeFileSync(join(dir, "openclaw.json"), JSON.stringify(config, null, 2));
  return dir;
}

function saved(dir: string): Saved {
  const config = JSON5.parse(readFileSync(join(dir, "openclaw.json"), "utf8")) as {
    agents: { defaults: Saved };
  };
  return config.agents.defaults;
}

function catalogOf(dir: string) {
  return buildCatalog(loadConfig({ path: join(dir, "openclaw.json"), env: {} }));
}

/** Runs each `openclaw …` command of `commands` (joined by ", then: ") as pasted, on `dir`. */
async function runPasted(commands: string, dir: string): Promise<void> {
  for (const command of commands.split(", then: ")) {
    expect(command).toMatch(/^openclaw models /);
    await runInPlainShell(`OPENCLAW_STATE_DIR='${dir}' ${command}`, dir);
  }
}

/** The commands of a retired member's fix (`use X instead: openclaw …`). */
function fixCommands(fix: string): string {
  return fix.slice(fix.indexOf("openclaw "));
}

/** lab's key lists NEW only: OLD is not served. */
const LIVE = new Map([["lab", { ids: [NEW_ID], request: "GET /v1/models" }]]);

describe("printed models commands that name a model ref", () => {
  it("the fix for a default model the key's list leaves out makes the replacement the default", async () => {
    const dir = stateWith({ primary: OLD });
    const [member] = retiredChainMembers(catalogOf(dir), { live: LIVE });
    expect(member?.ref).toBe(OLD);
    await runPasted(fixCommands(member?.fix ?? ""), dir);
    expect(saved(dir).model.primary).toBe(NEW);
  });

  it("the fix for such a fallback takes it out and adds the replacement", async () => {
    const dir = stateWith({ primary: "moonshot/kimi-k2.5", fallbacks: [OLD] });
    const [member] = retiredChainMembers(catalogOf(dir), { live: LIVE });
    expect(member?.ref).toBe(OLD);
    await runPasted(fixCommands(member?.fix ?? ""), dir);
    expect(saved(dir).model.fallbacks).toEqual([NEW]);
  });

  it("a scan's commands for a gone default and a gone fallback do what they say", async () => {
    const dir = stateWith({ primary: OLD });
    const scan = (gone: string[], known: string[]): ScanResult => ({
      provider: "lab",
      baseUrl: "http://127.0.0.1:9/v1",
      status: "ok",
      message: undefined,
      key: undefined,
      remote: [],
      added: [],
      gone,
      goneBuiltInOnly: [],
      known,
      differences: [],
    });
    const [primary] = goneInChain([scan([OLD_ID], [NEW_ID])], catalogOf(dir));
    expect(primary?.commands).toHaveLength(1);
    await runPasted(primary?.commands[0] ?? "", dir);
    expect(saved(dir).model.primary).toBe(NEW);

    const other = stateWith({ primary: "moonshot/kimi-k2.5", fallbacks: [OLD, NEW] });
    const [fallback] = goneInChain([scan([OLD_ID], [NEW_ID])], catalogOf(other));
    expect(fallback?.role).toBe("fallback #1");
    await runPasted(fallback?.commands[0] ?? "", other);
    expect(saved(other).model.fallbacks).toEqual([NEW]);
  });

  it("the commands that give an alias to a retired model's replacement move it there", async () => {
    const dir = stateWith({ primary: "moonshot/kimi-k2.5" }, { [OLD]: { alias: "Lab #1" } });
    await runPasted(aliasMoveCommands(shellQuotedName("Lab #1"), NEW), dir);
    expect(saved(dir).models[NEW]?.alias).toBe("Lab #1");
    expect(saved(dir).models[OLD]?.alias).toBeUndefined();
  });

  it("the alias offered for a model's name (no alias) gives that name to the model", async () => {
    const dir = stateWith({ primary: "moonshot/kimi-k2.5" });
    const refused = await runCli(["models", "set", "New lab model"], {
      env: { HOME: dir, OPENCLAW_STATE_DIR: dir },
    });
    expect(refused.code).not.toBe(0);
    const command = /make the name an alias: (openclaw models aliases add .*)$/m.exec(
      refused.stderr,
    )?.[1];
    expect(command, refused.stderr).toBeDefined();
    await runPasted(command ?? "", dir);
    expect(saved(dir).models[NEW]?.alias).toBe("New lab model");
  });
});
