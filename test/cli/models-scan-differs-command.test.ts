/**
 * A model the endpoint describes otherwise than the config (it takes images and video) is said
 * with the command that makes the config agree, and running it does: the line said only
 * `add "image" to its input to send them`, leaving the path, the index in the list and the
 * quoting to the person. A model only built in gets one command that adds its entry.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onboardWithKey } from "../helpers/onboard-args.js";
import { freshState, MOONSHOT_KEY, type StateDir } from "../onboard/harness.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ region: "ai" });
});
afterAll(async () => {
  await sim?.close();
});

/** The `openclaw config set '<path>' '<value>'` commands of the scan's `~ differs` lines. */
function differsCommands(stdout: string): [string, string][] {
  const text = stdout.replace(/\s*\n\s*/g, " ");
  return [...text.matchAll(/openclaw config set '([^']+)' '([^']+)'/g)].map(
    (match) => [match[1] ?? "", match[2] ?? ""] as [string, string],
  );
}

async function scanRunFixAndRescan(state: StateDir): Promise<[string, string][]> {
  const scan = await state.run(["models", "scan", "--provider", "moonshot"]);
  expect(scan.code).toBe(0);
  const commands = differsCommands(scan.stdout);
  for (const [path, value] of commands) {
    const set = await state.run(["config", "set", path, value]);
    expect(set.code).toBe(0);
  }
  const again = await state.run(["models", "scan", "--provider", "moonshot"]);
  expect(again.stdout).not.toContain("differs kimi-k2.5");
  return commands;
}

describe("models scan, a model the endpoint describes otherwise", () => {
  it("gives the config set command for the entry onboarding wrote, which fixes it", async () => {
    const state = freshState({ OPENCLAW_MOONSHOT_AI_BASE_URL: sim.moonshotBaseUrl });
    const onboard = await state.run(
      onboardWithKey("moonshot-api-key", MOONSHOT_KEY, "--skip-health"),
    );
    expect(onboard.code).toBe(0);
    const scan = await state.run(["models", "scan", "--provider", "moonshot"]);
    expect(scan.stdout.replace(/\s+/g, " ")).toContain(
      `~ differs kimi-k2.5: the endpoint says it takes images and video; to send them, add "image" and "video" to its input: openclaw config set 'models.providers.moonshot.models[0].input' '["text","image","video"]'`,
    );
    // Not reasoning: kimi-k2.5 thinks unless told not to, whatever its reasoning says.
    expect(await scanRunFixAndRescan(state)).toEqual([
      ["models.providers.moonshot.models[0].input", '["text","image","video"]'],
    ]);
    expect(await state.run(["models", "list", "--plain"])).toMatchObject({ code: 0 });
  });

  it("for a model only built in, one command adds its entry with every value", async () => {
    const state = freshState({ SIM_URL: sim.moonshotBaseUrl, MOONSHOT_API_KEY: MOONSHOT_KEY });
    writeFileSync(
      state.configPath,
      '{ models: { providers: { moonshot: { baseUrl: "${SIM_URL}" } } } }\n',
    );
    const entry = '{"id":"kimi-k2.5","name":"Kimi K2.5","input":["text","image","video"]}';
    expect(await scanRunFixAndRescan(state)).toEqual([
      ["models.providers.moonshot.models[0]", entry],
    ]);
    const list = await state.run(["models", "list", "--json"]);
    const row = JSON.parse(list.stdout).models.find(
      (model: { ref: string }) => model.ref === "moonshot/kimi-k2.5",
    );
    // The entry adds to the built-in one: its context window is still the built-in 256000.
    expect(row).toMatchObject({ input: ["text", "image", "video"], contextWindow: 256000 });
  });

  it("for a list in an included file, says what to write there (a config set would replace it)", async () => {
    const state = freshState({ SIM_URL: sim.moonshotBaseUrl, MOONSHOT_API_KEY: MOONSHOT_KEY });
    const included = join(state.dir, "models.json5");
    writeFileSync(
      included,
      '{ providers: { moonshot: { baseUrl: "${SIM_URL}", models: [{ id: "kimi-k2.5", name: "Kimi K2.5" }] } } }\n',
    );
    writeFileSync(state.configPath, '{ models: { $include: "./models.json5" } }\n');
    const scan = await state.run(["models", "scan", "--provider", "moonshot"]);
    expect(scan.code).toBe(0);
    const text = scan.stdout.replace(/\s+/g, " ");
    expect(text).toContain(
      `takes images and video; to send them, add "image" and "video" to its input: write "input": ["text","image","video"] in its entry (id "kimi-k2.5") of the models list in ${included}:1`,
    );
    expect(text).not.toContain("openclaw config set");
  });
});
