/**
 * A session file is generated and kept: a key a user pasted as a provider's name in the config
 * goes into its usage records masked (`sk-kimi-***` for the key), from `agent` and from `chat`,
 * the model that answered and the one fallen back from. The built CLI (`npm run build` first)
 * against the simulator over real sockets.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { customProvider } from "../helpers/custom-provider-entry.js";
import { sessionEvents, sessionFile } from "../helpers/session-file.js";
import { tempDir } from "../helpers/tmp.js";
import { startSimulator } from "../simulator/index.js";
import type { Simulator } from "../simulator/types.js";

const KEY = "sk-kimi-abcdefgh12345678XYZsecret";
const SECRET = "abcdefgh12345678";

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** A state directory whose config names a provider with a key, falling back to Kimi Code. */
async function keyNamedProvider(): Promise<{ sim: Simulator; env: Record<string, string> }> {
  sim = await startSimulator();
  const stateDir = tempDir();
  writeFileSync(
    path.join(stateDir, "openclaw.json"),
    JSON.stringify({
      models: {
        providers: {
          [KEY]: customProvider([{ id: "kimi-k2.5", name: "K2.5" }], {
            baseUrl: sim.moonshotBaseUrl,
            apiKey: sim.keys.moonshot,
          }),
          "kimi-code": {
            baseUrl: sim.kimiCodeBaseUrl,
            apiKey: sim.keys.kimiCode,
            api: "openai-completions",
            models: [
              {
                id: "kimi-for-coding",
                name: "Kimi For Coding",
                headers: { "User-Agent": "KimiCLI/0.77" },
              },
            ],
          },
        },
      },
      agents: {
        defaults: {
          model: { primary: `${KEY}/kimi-k2.5`, fallbacks: ["kimi-code/kimi-for-coding"] },
        },
      },
    }),
  );
  return {
    sim,
    env: { OPENCLAW_STATE_DIR: stateDir, OPENCLAW_HOME: stateDir, NO_COLOR: "1" },
  };
}

/** The usage records of a session, after checking its text holds no part of the key. */
function usageRecords(file: string): Record<string, unknown>[] {
  expect(readFileSync(file, "utf8").toLowerCase()).not.toContain(SECRET.toLowerCase());
  return sessionEvents(file).filter((event) => event.type === "usage");
}

describe("usage records of a provider named with a key", () => {
  it("agent and chat write the model masked", async () => {
    const { env } = await keyNamedProvider();
    const agent = await runCli(["agent", "-m", "hi", "--session-id", "by-agent"], { env });
    expect(agent.code).toBe(0);
    expect(agent.stdout).toContain("Echo: hi");
    const chat = await runCli(["chat", "--session-id", "by-chat"], { env, input: "hi\n" });
    expect(chat.code).toBe(0);
    expect(chat.stdout).toContain("Echo: hi");
    for (const id of ["by-agent", "by-chat"]) {
      // Before: "sk-kimi-abcdefgh12345678xyzsecret/kimi-k2.5", the key as the config held it.
      expect(usageRecords(sessionFile(env.OPENCLAW_STATE_DIR as string, id))).toEqual([
        expect.objectContaining({ model: "sk-kimi-***/kimi-k2.5" }),
      ]);
    }
  });

  it("a fallback's record names the model it fell back from masked", async () => {
    const { sim, env } = await keyNamedProvider();
    sim.script([
      {
        when: { model: "kimi-k2.5" },
        respond: { error: "server" },
        times: Number.POSITIVE_INFINITY,
      },
    ]);
    const agent = await runCli(["agent", "-m", "hi", "--session-id", "fell-back"], { env });
    expect(agent.code).toBe(0);
    expect(usageRecords(sessionFile(env.OPENCLAW_STATE_DIR as string, "fell-back"))).toEqual([
      expect.objectContaining({
        model: "kimi-code/kimi-for-coding",
        fallbackFrom: "sk-kimi-***/kimi-k2.5",
      }),
    ]);
  });
});
