/**
 * A model added to the allowlist (`agents.defaults.models`) while a chat runs can be chosen with
 * /model, by its ref or its new alias, and answers: the chat read the allowlist once, at its
 * start, and refused the model until it was started again, though a key stored mid-chat is used.
 * The built CLI (`npm run build` first) in a pseudo-terminal, against the simulator over real
 * sockets.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { startTerminal } from "../helpers/pty.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();
const TURBO = "moonshot/kimi-k2-turbo-preview";

/** The config's allowlist with `ref` left out, or put back with `alias`. */
function setAllowlistEntry(stateDir: string, alias: string | undefined): void {
  const file = path.join(stateDir, "openclaw.json");
  const config = JSON.parse(readFileSync(file, "utf8"));
  const models = config.agents.defaults.models;
  if (alias === undefined) delete models[TURBO];
  else models[TURBO] = { alias };
  writeFileSync(file, JSON.stringify(config, null, 2));
}

describe("chat and an allowlist changed while it runs", () => {
  it("/model picks a model added to agents.defaults.models mid-chat, by ref and by alias", async () => {
    const { cliEnv, stateDir } = await setup();
    setAllowlistEntry(stateDir, undefined);
    const chat = startTerminal(["chat", "--model", "moonshot/kimi-k2.5"], { env: cliEnv });
    try {
      let at = await chat.waitFor(/you › /);
      chat.write(`/model ${TURBO}\r`);
      at = await chat.waitFor(/allowlist/, at);
      at = await chat.waitFor(/you › /, at);
      setAllowlistEntry(stateDir, "Turbo");
      chat.write(`/model ${TURBO}\r`);
      at = await chat.waitFor(`model: ${TURBO}`, at);
      at = await chat.waitFor(/you › /, at);
      chat.write("hi\r");
      at = await chat.waitFor(/Echo: hi/, at);
      at = await chat.waitFor(/kimi-k2-turbo-preview/, at);
      at = await chat.waitFor(/you › /, at);
      chat.write("/model moonshot/kimi-k2.5\r");
      at = await chat.waitFor(/you › /, at);
      chat.write("/model Turbo\r");
      at = await chat.waitFor(`model: ${TURBO}`, at);
      at = await chat.waitFor(/you › /, at);
      chat.write("/exit\r");
      expect(await chat.exited).toBe(0);
    } finally {
      chat.kill();
    }
  });
});
