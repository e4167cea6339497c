import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  loadSession,
  type OpenClawConfig,
  openRuntime,
  openSessionWriter,
  runSessionTurn,
  sessionPath,
} from "../src/index.js";
import { tempDir } from "./helpers/tmp.js";
import { startSimulator } from "./simulator/index.js";
import type { Simulator } from "./simulator/types.js";

function configFor(sim: Simulator): OpenClawConfig {
  return {
    models: {
      providers: {
        moonshot: {
          baseUrl: sim.moonshotBaseUrl,
          models: [
            { id: "kimi-k2.5", name: "K2.5" },
            { id: "kimi-k2.6", name: "K2.6" },
          ],
        },
      },
    },
    agents: { defaults: { model: { primary: "moonshot/kimi-k2.5" } } },
  };
}

/** One turn of session `id` as a program runs it: load, run with the session's model, append. */
async function turn(
  sim: Simulator,
  stateDir: string,
  id: string,
  text: string,
  model?: string,
): Promise<{ asked: unknown; answeredBy: string }> {
  const { runtime } = openRuntime({
    config: configFor(sim),
    env: { MOONSHOT_API_KEY: sim.keys.moonshot, OPENCLAW_STATE_DIR: stateDir },
  });
  const file = sessionPath(stateDir, "main", id);
  const loaded = loadSession(file, id);
  const writer = openSessionWriter(file, id, "main");
  try {
    const before = sim.chatRequests().length;
    const result = await runSessionTurn({
      runtime,
      ...(model !== undefined ? { model } : {}),
      history: loaded.messages,
      sessionModel: loaded.model,
      user: { role: "user", content: text },
      record: (message, meta) => writer.appendMessage(message, meta),
      recordUsage: (run) => writer.appendUsage(run),
      recordModel: (put) => writer.appendModel(put),
    });
    const body = sim.chatRequests()[before]?.body as { model?: unknown } | undefined;
    return { asked: body?.model, answeredBy: result.model };
  } finally {
    writer.close();
  }
}

// Before, runSessionTurn took no session model: a program resuming a session put on a model ran
// its next turn on the default (the CLI's agent --session-id kept it), and refused the options.
describe("the library's runSessionTurn and the model a session was put on", () => {
  it("remembers the caller's model, resumes on it without one, and goes back to the default", async () => {
    const sim = await startSimulator();
    try {
      const stateDir = tempDir();
      const first = await turn(sim, stateDir, "s1", "one", "moonshot/kimi-k2.6");
      expect(first).toEqual({
        asked: "kimi-k2.6",
        answeredBy: "moonshot/kimi-k2.6",
      });
      const file = sessionPath(stateDir, "main", "s1");
      expect(loadSession(file, "s1").model).toBe("moonshot/kimi-k2.6");

      // No model given: the session's own, not the default kimi-k2.5.
      const second = await turn(sim, stateDir, "s1", "two");
      expect(second).toEqual({
        asked: "kimi-k2.6",
        answeredBy: "moonshot/kimi-k2.6",
      });

      // openclaw/default puts it back on the default, and the next resume follows it.
      const third = await turn(sim, stateDir, "s1", "three", "openclaw/default");
      expect(third.answeredBy).toBe("moonshot/kimi-k2.5");
      expect(loadSession(file, "s1").model).toBeUndefined();
      const fourth = await turn(sim, stateDir, "s1", "four");
      expect(fourth).toEqual({ asked: "kimi-k2.5", answeredBy: "moonshot/kimi-k2.5" });

      // One model line per change, none for turns that kept the model.
      const modelLines = readFileSync(file, "utf8")
        .split("\n")
        .filter((line) => line.includes('"type":"model"'))
        .map((line) => (JSON.parse(line) as { model: string | null }).model);
      expect(modelLines).toEqual(["moonshot/kimi-k2.6", null]);
    } finally {
      await sim.close();
    }
  });

  it("writes no model line for a turn refused before any answer", async () => {
    const sim = await startSimulator();
    try {
      const stateDir = tempDir();
      sim.failNext(5, "quota");
      await expect(turn(sim, stateDir, "s2", "one", "moonshot/kimi-k2.6")).rejects.toMatchObject({
        code: "provider.quota",
      });
      expect(loadSession(sessionPath(stateDir, "main", "s2"), "s2").model).toBeUndefined();
    } finally {
      await sim.close();
    }
  });
  it("fails a turn whose session model no longer resolves with a model error, writing nothing", async () => {
    const sim = await startSimulator();
    try {
      const stateDir = tempDir();
      const file = sessionPath(stateDir, "main", "s3");
      const writer = openSessionWriter(file, "s3", "main");
      writer.appendModel("moonshot/gone");
      writer.close();
      const before = readFileSync(file, "utf8");
      const failed = await turn(sim, stateDir, "s3", "one").catch((error: unknown) => error);
      expect(failed).toMatchObject({ code: expect.stringMatching(/^model\./) });
      expect(readFileSync(file, "utf8")).toBe(before);
    } finally {
      await sim.close();
    }
  });
});
