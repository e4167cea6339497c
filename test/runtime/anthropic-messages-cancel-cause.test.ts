/**
 * A run on an `anthropic-messages` provider that its signal stopped mid-request: as on chat
 * completions, the error's cause chain ends at the signal's reason, the same object (the guide's
 * "Cancelling"), so a program can tell its own shutdown from another cancel.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openRuntime, type ProviderError, type Runtime } from "../../src/index.js";
import { eventually } from "../helpers/wait.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

let sim: Simulator;
let stateDir: string;
let runtime: Runtime;
beforeAll(async () => {
  sim = await startSimulator();
  stateDir = mkdtempSync(join(tmpdir(), "openclaw-anthropic-cancel-"));
  runtime = openRuntime({
    env: { PATH: process.env.PATH, OPENCLAW_STATE_DIR: stateDir, OPENCLAW_HOME: stateDir },
    config: {
      agents: { defaults: { model: { primary: "kimi-code/kimi-for-coding" } } },
      models: {
        mode: "merge" as const,
        providers: {
          "kimi-code": {
            api: "anthropic-messages",
            baseUrl: `${sim.url}/coding`,
            apiKey: sim.keys.kimiCode,
          },
        },
      },
    },
  }).runtime;
});
afterAll(async () => {
  await sim.close();
  rmSync(stateDir, { recursive: true, force: true });
});

const messagesSent = () =>
  sim.requests.filter((request) => request.path === "/coding/v1/messages").length;

/** The error a hung Messages request rejects with when aborted with `reason` once upstream. */
async function abortedMidRequest(reason: unknown): Promise<ProviderError> {
  sim.script([{ respond: { hang: true } }]);
  const before = messagesSent();
  const controller = new AbortController();
  const stopped = runtime
    .complete({
      request: { messages: [{ role: "user", content: "hi" }] },
      signal: controller.signal,
    })
    .catch((thrown: unknown) => thrown) as Promise<ProviderError>;
  await eventually(() => messagesSent() > before, 5000, "the request upstream");
  controller.abort(reason);
  return stopped;
}

/** Every error down the cause chain, the signal's reason last. */
function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let at = error; at instanceof Error && chain.length < 8; at = at.cause) chain.push(at);
  return chain;
}

describe("an anthropic-messages run cancelled by its signal", () => {
  it("abort(reason) with the caller's own error: that same object ends the cause chain", async () => {
    const shuttingDown = new Error("shutting down");
    const error = await abortedMidRequest(shuttingDown);
    expect(error.code).toBe("provider.cancelled");
    expect(causes(error).at(-1)).toBe(shuttingDown);
  });
});
