/**
 * `openclaw gateway` started with OPENCLAW_STATE_DIR set to a dir of its own: the 404 for a model
 * openclaw's list marks retired names the fix (`models set` for the default model, `models
 * aliases add` for an alias) with the words that reach the gateway's config, as its scan advice
 * beside it does (`OPENCLAW_STATE_DIR=<dir> openclaw …`): every `openclaw` command of the hint,
 * pasted in another terminal, edits the config the gateway reads. Before, only the scan carried
 * them, and the others edited the default config. With the default state dir every command stays
 * bare. The built CLI (`npm run build` first), its own process, and the simulator.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { withSimulator } from "../helpers/file-simulator.js";
import { killGatewayProcesses, startGatewayProcess } from "../helpers/gateway-process.js";
import { simMoonshotConfig } from "../helpers/sim-moonshot-config.js";
import { tempDir } from "../helpers/tmp.js";
import type { Simulator } from "../simulator/index.js";

let sim: Simulator;
withSimulator((started) => {
  sim = started;
});
afterEach(() => killGatewayProcesses());

/**
 * The 404 hints of a gateway whose config is `configDir/openclaw.json` (retired default model,
 * which the alias "Thinker" names), asked for the default chain and for the alias.
 */
async function hintsOf(env: Record<string, string>, configDir: string) {
  mkdirSync(configDir, { recursive: true });
  const config = simMoonshotConfig(sim.moonshotBaseUrl, "moonshot/kimi-k2-thinking");
  config.agents.defaults.models = {
    "moonshot/kimi-k2-thinking": { alias: "Thinker" },
    "moonshot/kimi-k2.5": { alias: "K25" },
  };
  writeFileSync(join(configDir, "openclaw.json"), `${JSON.stringify(config)}\n`);
  const gateway = await startGatewayProcess({
    PATH: process.env.PATH,
    NO_COLOR: "1",
    COLUMNS: "1000",
    ...env,
  });
  const hintFor = async (model: string) => {
    const answer = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model, messages: [{ role: "user", content: "hello" }] }),
    });
    expect(answer.status).toBe(404);
    const { error } = (await answer.json()) as { error: { message: string } };
    return error.message;
  };
  return { chain: await hintFor("openclaw"), alias: await hintFor("Thinker") };
}

/** Each `openclaw <command>` of `text`, with the words typed before it (`OPENCLAW_…=… `). */
function commandsOf(text: string): string[] {
  return [...text.matchAll(/((?:OPENCLAW_[A-Z_]+=\S+ )*)openclaw [a-z]/g)].map((match) => match[0]);
}

describe("the commands of a retired model's 404 hint from openclaw gateway", () => {
  it("each carry the gateway's own OPENCLAW_STATE_DIR", async () => {
    const home = tempDir("openclaw-retired-hint-home-");
    const dir = tempDir("openclaw-retired-hint-state-");
    const { chain, alias } = await hintsOf({ HOME: home, OPENCLAW_STATE_DIR: dir }, dir);
    const prefix = `OPENCLAW_STATE_DIR=${dir} `;
    expect(chain).toContain(
      `use moonshot/kimi-k2.5 — ${prefix}openclaw models set moonshot/kimi-k2.5; see what the key may use now with: ${prefix}openclaw models scan --provider moonshot`,
    );
    expect(alias).toContain(
      `give the alias to moonshot/kimi-k2.5: ${prefix}openclaw models aliases remove "Thinker", then: ${prefix}openclaw models aliases add "Thinker" moonshot/kimi-k2.5 (in place of its alias "K25": a model has one)`,
    );
    for (const hint of [chain, alias]) {
      const commands = commandsOf(hint);
      expect(commands.length).toBeGreaterThanOrEqual(2);
      for (const command of commands) expect(command.startsWith(prefix)).toBe(true);
    }
  });

  it("stay bare with the default state dir", async () => {
    const home = tempDir("openclaw-retired-hint-home-");
    const { chain, alias } = await hintsOf({ HOME: home }, join(home, ".openclaw"));
    expect(chain).toContain(
      "use moonshot/kimi-k2.5 — openclaw models set moonshot/kimi-k2.5; see what the key may use now with: openclaw models scan --provider moonshot",
    );
    expect(alias).toContain(
      'give the alias to moonshot/kimi-k2.5: openclaw models aliases remove "Thinker", then: openclaw models aliases add "Thinker" moonshot/kimi-k2.5 (in place of its alias "K25": a model has one)',
    );
    expect(`${chain}${alias}`).not.toContain("OPENCLAW_STATE_DIR");
  });
});
