/**
 * `models scan` when the default model or a fallback is one the provider no longer lists (the
 * ids Moonshot retired in 2026): the scan says which of them requests go to, and the command
 * that takes each out of the chain, not only "gone".
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshState, MOONSHOT_KEY } from "../onboard/harness.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

let sim: Simulator;

beforeAll(async () => {
  // Today's API: the retired ids are not listed, and a request to one gets a 404.
  sim = await startSimulator({ region: "ai" });
});
afterAll(async () => {
  await sim?.close();
});

describe("models scan with a retired model in the chain", () => {
  it("names the default and the fallback that are gone, each with the command that replaces it", async () => {
    const state = freshState({
      OPENCLAW_MOONSHOT_AI_BASE_URL: sim.moonshotBaseUrl,
      OPENCLAW_KIMI_CODE_BASE_URL: sim.kimiCodeBaseUrl,
    });
    const onboard = ["onboard", "--non-interactive", "--accept-risk", "--skip-health"];
    const moonshot = ["--auth-choice", "moonshot-api-key", "--moonshot-api-key", MOONSHOT_KEY];
    expect((await state.run([...onboard, ...moonshot])).code).toBe(0);
    const chain =
      '{primary: "moonshot/kimi-k2-thinking", fallbacks: ["moonshot/kimi-k2-turbo-preview", "moonshot/kimi-k2.5"]}';
    expect((await state.run(["config", "set", "agents.defaults.model", chain])).code).toBe(0);

    const scan = await state.run(["models", "scan"]);
    expect(scan.code).toBe(0);
    const out = scan.stdout.replace(/\s+/g, " ");
    expect(out).toContain(
      "moonshot/kimi-k2-thinking, the default model, is gone: requests to it get a 404 from moonshot. Make another the default: openclaw models set moonshot/kimi-k2.5",
    );
    expect(out).toContain(
      "moonshot/kimi-k2-turbo-preview, fallback #1, is gone: requests to it get a 404 from moonshot. Take it out: openclaw models fallbacks remove moonshot/kimi-k2-turbo-preview",
    );
    // The rest of the chain is listed: nothing said of it.
    expect(out).not.toContain("moonshot/kimi-k2.5, fallback");
    // A gone model outside the chain is only listed as gone.
    expect(out).not.toContain("moonshot/kimi-k2-0905-preview, ");
  }, 30_000);
});
