/**
 * The spec page's snippets pasted as the config with the key copied wrong: two keys in one
 * string, a key in quote marks, a whole `VAR=…` line, the Kimi Code key put in the Moonshot
 * snippet's env (the page's two snippets look alike). The error said what was wrong with it, but
 * the hint only listed the places a key may be set ("set one of: …, $KIMICODE_API_KEY"), not that
 * the value at openclaw.json:2 is the one to change, nor how. The hint now says both, first.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshState, type StateDir } from "../onboard/harness.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ region: "ai" });
});
afterAll(async () => {
  await sim?.close();
});

const unwrapped = (text: string) => text.replace(/\n\s+/g, " ");

/** A seed snippet verbatim but for its address (the simulator's) and the key in its env block. */
function seed(name: "moonshot" | "kimi-code", key: string): string {
  const text = readFileSync(join(import.meta.dirname, "../fixtures/seed", `${name}.json5`), "utf8");
  const address =
    name === "moonshot"
      ? ["https://api.moonshot.ai/v1", sim.moonshotBaseUrl]
      : ["https://api.kimi.com/coding/v1", sim.kimiCodeBaseUrl];
  return text.replace(address[0] ?? "", address[1] ?? "").replace('"sk-..."', JSON.stringify(key));
}

function stateWith(text: string): StateDir {
  const state = freshState();
  writeFileSync(state.configPath, text);
  return state;
}

async function hintOf(state: StateDir, env: Record<string, string> = {}): Promise<string> {
  const run = await state.run(["agent", "-m", "hi"], env);
  expect(run.code).toBe(1);
  const said = unwrapped(run.stderr);
  expect(said).toContain("no usable API key");
  return said.slice(said.indexOf("hint: "));
}

describe("a key copied wrong into the seed snippet: the hint says where and what to change", () => {
  it("two keys pasted into Kimi Code's env: that line, and copying the key again; fixed, it answers", async () => {
    const state = stateWith(seed("kimi-code", `${sim.keys.kimiCode} ${sim.keys.kimiCode}`));
    const hint = await hintOf(state);
    expect(
      hint.startsWith(
        `hint: copy the key at env.KIMICODE_API_KEY (${state.configPath}:2) again, without the space or line break inside it; or set one of: `,
      ),
      hint,
    ).toBe(true);
    expect(hint).not.toContain(sim.keys.kimiCode);

    writeFileSync(state.configPath, seed("kimi-code", sim.keys.kimiCode));
    const fixed = await state.run(["agent", "-m", "hi"]);
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).toBe("Echo: hi\n");
  });

  it("the Kimi Code key in the Moonshot snippet: a Moonshot key goes there, that one to kimi-code", async () => {
    const state = stateWith(seed("moonshot", sim.keys.kimiCode));
    const hint = await hintOf(state);
    expect(hint).toContain(
      `hint: put a Moonshot key (from platform.moonshot.ai or platform.moonshot.cn) in place of the Kimi Code key at env.MOONSHOT_API_KEY (${state.configPath}:2); a Kimi Code key goes to provider kimi-code ($KIMICODE_API_KEY, or: openclaw onboard --auth-choice kimi-code-api-key); or `,
    );
  });

  it("a whole MOONSHOT_API_KEY=… line in the env block: keep only the key", async () => {
    const state = stateWith(seed("moonshot", `MOONSHOT_API_KEY=${sim.keys.moonshot}`));
    const hint = await hintOf(state);
    expect(hint).toContain(
      `hint: keep only the key at env.MOONSHOT_API_KEY (${state.configPath}:2), without the MOONSHOT_API_KEY= before it; or `,
    );
    expect(hint).not.toContain(sim.keys.moonshot);
  });

  it("a key in quote marks in the environment: the variable, and removing the quotes", async () => {
    const text = seed("moonshot", "x").replace(/^\s*env: .*\n/m, "");
    const state = stateWith(text);
    const hint = await hintOf(state, { MOONSHOT_API_KEY: `"${sim.keys.moonshot}"` });
    expect(hint).toContain(
      "hint: remove the quote marks around the key at $MOONSHOT_API_KEY (in the environment): they are not part of it; or ",
    );
  });
});
