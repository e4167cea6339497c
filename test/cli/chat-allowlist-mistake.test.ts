/**
 * A config saved with a mistake while a chat runs: the chat said nothing and went on with the
 * allowlist it had, so a person who added a model and mistyped the entry was left to wonder why
 * /model refused it. Now a warning says what is wrong and where (file:line), and that the chat
 * keeps its last good allowlist, once for that change, not again on each turn after it. The built
 * CLI (`npm run build` first) in a pseudo-terminal, against the simulator over real sockets.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { startTerminal } from "../helpers/pty.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();
const TURBO = "moonshot/kimi-k2-turbo-preview";
const KEPT =
  /warning: the config changed but does not load, so this chat keeps the model allowlist it had/g;

/** The config with the turbo entry's alias set to `alias` (a number is the mistake). */
function setTurboAlias(stateDir: string, alias: unknown): string {
  const file = path.join(stateDir, "openclaw.json");
  const config = JSON.parse(readFileSync(file, "utf8"));
  config.agents.defaults.models[TURBO] = { alias };
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

/** The line of `file` that sets the turbo entry's alias. */
function aliasLine(file: string): number {
  const lines = readFileSync(file, "utf8").split("\n");
  return lines.findIndex((line) => line.includes('"alias"') && line.includes("3")) + 1;
}

describe("chat and a config saved with a mistake while it runs", () => {
  it("warns once per change with file:line and what is wrong, and keeps the allowlist it had", async () => {
    const { cliEnv, stateDir } = await setup();
    const chat = startTerminal(["chat", "--model", "moonshot/kimi-k2.5"], { env: cliEnv });
    try {
      let at = await chat.waitFor(/you › /);
      const file = setTurboAlias(stateDir, 3);
      chat.write("/model Kimi K2 Turbo\r");
      at = await chat.waitFor(KEPT, at);
      at = await chat.waitFor(/expected a string, found the number 3/, at);
      at = await chat.waitFor(`${file}:${aliasLine(file)}`, at);
      // The allowlist it had: the alias from the start still names the model.
      at = await chat.waitFor(`model: ${TURBO}`, at);
      at = await chat.waitFor(/you › /, at);
      chat.write("hi\r");
      at = await chat.waitFor(/Echo: hi/, at);
      at = await chat.waitFor(/you › /, at);
      chat.write("/model moonshot/kimi-k2.5\r");
      at = await chat.waitFor(/you › /, at);
      expect(chat.plain().match(KEPT)).toHaveLength(1);
      // Another change, still with the mistake: said again.
      setTurboAlias(stateDir, 4);
      chat.write("again\r");
      at = await chat.waitFor(/Echo: again/, at);
      at = await chat.waitFor(/you › /, at);
      expect(chat.plain().match(KEPT)).toHaveLength(2);
      chat.write("/exit\r");
      expect(await chat.exited).toBe(0);
    } finally {
      chat.kill();
    }
  });
});
