/**
 * A provider's settings fixed in the config while a chat runs are used from the next message on,
 * the conversation kept: the chat said the key was refused, the person corrected the apiKey (or
 * the baseUrl) in openclaw.json, and every later message was still sent with the old one (or not
 * tried at all, the key known to be refused) until the chat was restarted. The built CLI
 * (`npm run build` first) in a pseudo-terminal, against the simulator over real sockets.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { startTerminal } from "../helpers/pty.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();
const USED = "config: models.providers.moonshot changed, used from now on";

/** Sets the default chain's first model in the chat's config file. */
function setPrimary(stateDir: string, primary: string): void {
  const file = path.join(stateDir, "openclaw.json");
  const config = JSON.parse(readFileSync(file, "utf8"));
  config.agents.defaults.model.primary = primary;
  writeFileSync(file, JSON.stringify(config, null, 2));
}

/** Sets fields of models.providers.moonshot in the chat's config file. */
function setMoonshot(stateDir: string, fields: Record<string, unknown>): void {
  const file = path.join(stateDir, "openclaw.json");
  const config = JSON.parse(readFileSync(file, "utf8"));
  Object.assign(config.models.providers.moonshot, fields);
  writeFileSync(file, JSON.stringify(config, null, 2));
}

describe("chat and a provider fixed in the config while it runs", () => {
  it("sends the next message with the key written there after a refusal, without a restart", async () => {
    const { cliEnv, stateDir, sim } = await setup();
    const { MOONSHOT_API_KEY: _fromEnv, ...env } = cliEnv;
    setMoonshot(stateDir, { apiKey: "sk-fake-abc-01" });
    const chat = startTerminal(["chat", "--model", "moonshot/kimi-k2.5"], { env });
    try {
      let at = await chat.waitFor(/you › /);
      chat.write("first try\r");
      at = await chat.waitFor(/rejected the API key/, at);
      // Where to put the key, and that the chat reads it there again (no restart needed).
      at = await chat.waitFor(
        /put the right key in models\.providers\.moonshot\.apiKey \(read again at the next message\)/,
        at,
      );
      at = await chat.waitFor(/you › /, at);
      setMoonshot(stateDir, { apiKey: sim.keys.moonshot });
      chat.write("second try\r");
      at = await chat.waitFor(USED, at);
      at = await chat.waitFor(/Echo: second try/, at);
      at = await chat.waitFor(/you › /, at);
      chat.write("/exit\r");
      expect(await chat.exited).toBe(0);
    } finally {
      chat.kill();
    }
  });

  it("moves to the baseUrl, key and headers written there mid-conversation, the conversation kept", async () => {
    const { cliEnv, stateDir, sim } = await setup();
    // The key in the file (the shell's $MOONSHOT_API_KEY would come before it).
    const { MOONSHOT_API_KEY: _fromEnv, ...env } = cliEnv;
    setMoonshot(stateDir, { apiKey: sim.keys.moonshot });
    const chat = startTerminal(["chat", "--model", "moonshot/kimi-k2.5"], { env });
    try {
      let at = await chat.waitFor(/you › /);
      chat.write("first question\r");
      at = await chat.waitFor(/Echo: first question/, at);
      at = await chat.waitFor(/you › /, at);
      setMoonshot(stateDir, {
        baseUrl: sim.otherRegionBaseUrl,
        apiKey: sim.keys.otherRegion,
        headers: { "X-Team": "docs" },
      });
      chat.write("second question\r");
      at = await chat.waitFor(USED, at);
      at = await chat.waitFor(/Echo: second question/, at);
      at = await chat.waitFor(/you › /, at);
      chat.write("/exit\r");
      expect(await chat.exited).toBe(0);
    } finally {
      chat.kill();
    }
    const last = sim.chatRequests().at(-1);
    expect(last?.path).toBe(`${new URL(sim.otherRegionBaseUrl).pathname}/chat/completions`);
    expect(last?.headers["x-team"]).toBe("docs");
    expect(JSON.stringify(last?.body)).toContain("Echo: first question");
  });

  it("on the default chain, goes on with the default model the config names now, and says so", async () => {
    const { cliEnv, stateDir, sim } = await setup();
    const chat = startTerminal(["chat"], { env: cliEnv });
    try {
      let at = await chat.waitFor(/you › /);
      chat.write("first question\r");
      at = await chat.waitFor(/Echo: first question/, at);
      at = await chat.waitFor(/you › /, at);
      setPrimary(stateDir, "moonshot/kimi-k2-turbo-preview");
      chat.write("second question\r");
      at = await chat.waitFor(
        "config: agents.defaults.model changed, used from now on; the chat is on moonshot/kimi-k2-turbo-preview now",
        at,
      );
      at = await chat.waitFor(/Echo: second question/, at);
      at = await chat.waitFor(/you › /, at);
      chat.write("/exit\r");
      expect(await chat.exited).toBe(0);
    } finally {
      chat.kill();
    }
    const body = sim.chatRequests().at(-1)?.body as { model?: string } | undefined;
    expect(body?.model).toBe("kimi-k2-turbo-preview");
  });
});
