/**
 * The `openclaw config set` commands openclaw prints to write a chain entry as a model's ref (the
 * hint of `models aliases remove` refused with alias.in_chain, and the chain edits before an
 * alias of a retired model moves, and their `models set`) gave the ref as it is.
 * `moonshot/kimi-k2.5` pastes fine, but a ref with a space or a `#` was split or cut by the shell,
 * and one such as `123//x` reached config set, which reads its value as JSON5, as the number 123.
 * Each printed command is run here as pasted, in a plain shell, and the value it saved is read
 * back. The built CLI (`npm run build` first).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import JSON5 from "json5";
import { describe, expect, it } from "vitest";
import { chainEditsBeforeAliasMove } from "../../src/catalog/alias-move-chain.js";
import { buildCatalog } from "../../src/catalog/index.js";
import { loadConfig } from "../../src/config/index.js";
import { runCli } from "../helpers/cli.js";
import { customProvider } from "../helpers/custom-provider-entry.js";
import { runInPlainShell } from "../helpers/plain-shell.js";
import { tempDir } from "../helpers/tmp.js";

/** Refs that need quoting: a JSON5 number then a comment, and a space, a `#` and a quote. */
const ODD = [
  { provider: "123", id: "/x" },
  { provider: "lab", id: "kimi k2 #beta's" },
];

interface Chain {
  primary: string;
  fallbacks?: string[];
}

/** A state dir whose config has a provider serving `odd` (aliased "Odd") and kimi-k2.5 ("Old"). */
function stateWith(odd: { provider: string; id: string }, model: Chain): string {
  const dir = tempDir("printed-ref-");
  const config = {
    agents: {
      defaults: {
        model,
        models: {
          [`${odd.provider}/${odd.id}`]: { alias: "Odd" },
          "moonshot/kimi-k2.5": { alias: "Old" },
        },
      },
    },
    models: {
      mode: "merge",
      providers: {
        [odd.provider]: customProvider([{ id: odd.id, name: "Odd model" }], {
          apiKey: "sk-fake-test-key-0001",
        }),
      },
    },
  };
  writeFileSync(join(dir, "openclaw.json"), JSON.stringify(config, null, 2));
  return dir;
}

function savedChain(dir: string): Chain {
  const config = JSON5.parse(readFileSync(join(dir, "openclaw.json"), "utf8")) as {
    agents: { defaults: { model: Chain } };
  };
  return config.agents.defaults.model;
}

/** Runs `command` (starting with `openclaw`) as pasted into a shell, on the state dir `dir`. */
async function runPasted(command: string, dir: string): Promise<void> {
  expect(command).toMatch(/^openclaw /);
  await runInPlainShell(`OPENCLAW_STATE_DIR='${dir}' ${command}`, dir);
}

describe("printed config set commands that write a model ref", () => {
  for (const odd of ODD) {
    const ref = `${odd.provider}/${odd.id}`;

    it(`models aliases remove's hint writes ${ref} as pasted`, async () => {
      const dir = stateWith(odd, { primary: "Odd" });
      const refused = await runCli(["models", "aliases", "remove", "Odd"], {
        env: { HOME: dir, OPENCLAW_STATE_DIR: dir },
      });
      expect(refused.code).toBe(2);
      const stderr = refused.stderr;
      const command = /first write it as the ref: (.*)$/m.exec(stderr)?.[1];
      expect(command, stderr).toBeDefined();
      await runPasted(command ?? "", dir);
      expect(savedChain(dir).primary).toBe(ref);
    });

    it(`the chain edits before an alias moves write ${ref} as pasted`, async () => {
      // The default written as the replacement's own alias, which the move takes away.
      const dir = stateWith(odd, { primary: "Odd" });
      const catalog = buildCatalog(loadConfig({ path: join(dir, "openclaw.json"), env: {} }));
      const primaryEdit = chainEditsBeforeAliasMove(catalog, {
        alias: "Old",
        replacement: ref,
        replaced: "Odd",
      });
      expect(primaryEdit).toHaveLength(1);
      await runPasted(primaryEdit[0] ?? "", dir);
      expect(savedChain(dir).primary).toBe(ref);

      // A fallback written as the alias that moves.
      const other = stateWith(odd, { primary: "moonshot/kimi-k2.5", fallbacks: ["Odd"] });
      const otherCatalog = buildCatalog(
        loadConfig({ path: join(other, "openclaw.json"), env: {} }),
      );
      const fallbackEdit = chainEditsBeforeAliasMove(otherCatalog, {
        alias: "Odd",
        replacement: ref,
      });
      expect(fallbackEdit).toHaveLength(1);
      await runPasted(fallbackEdit[0] ?? "", other);
      expect(savedChain(other).fallbacks).toEqual([ref]);

      // The default written as the alias that moves: models set, given the ref as one word.
      const third = stateWith(odd, { primary: "Old" });
      const thirdCatalog = buildCatalog(
        loadConfig({ path: join(third, "openclaw.json"), env: {} }),
      );
      const setEdit = chainEditsBeforeAliasMove(thirdCatalog, { alias: "Old", replacement: ref });
      expect(setEdit).toHaveLength(1);
      expect(setEdit[0]).toMatch(/^openclaw models set /);
      await runPasted(setEdit[0] ?? "", third);
      expect(savedChain(third).primary).toBe(ref);
    });
  }
});
