/**
 * `models scan` when the default model or a fallback is one the provider no longer lists (the
 * ids Moonshot retired in 2026): the scan says which of them requests go to, and the command
 * that takes each out of the chain, not only "gone".
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onboardWithKey } from "../helpers/onboard-args.js";
import { freshState, KIMI_KEY, MOONSHOT_KEY } from "../onboard/harness.js";
import { CURRENT_SIM_MODELS, type Simulator, startSimulator } from "../simulator/index.js";

let sim: Simulator;
/** Kimi Code lists kimi-for-coding-next instead of kimi-for-coding. */
let kimiMoved: Simulator;
/** Kimi Code lists no model at all. */
let kimiEmpty: Simulator;

beforeAll(async () => {
  // Today's API: the retired ids are not listed, and a request to one gets a 404.
  sim = await startSimulator({ region: "ai" });
  kimiMoved = await startSimulator({
    models: CURRENT_SIM_MODELS.map((model) =>
      model.id === "kimi-for-coding" ? { ...model, id: "kimi-for-coding-next" } : model,
    ),
  });
  kimiEmpty = await startSimulator({
    models: CURRENT_SIM_MODELS.filter((model) => model.id !== "kimi-for-coding"),
  });
});
afterAll(async () => {
  await sim?.close();
  await kimiMoved?.close();
  await kimiEmpty?.close();
});

const ONBOARD_KIMI = onboardWithKey("kimi-code-api-key", KIMI_KEY, "--skip-health");

function kimiState(on: Simulator) {
  return freshState({ OPENCLAW_KIMI_CODE_BASE_URL: on.kimiCodeBaseUrl });
}

const GONE_DEFAULT =
  "kimi-code/kimi-for-coding, the default model, is gone: requests to it get a 404 from kimi-code. Make another the default:";

describe("models scan with a retired model in the chain", () => {
  it("names the default and the fallback that are gone, each with the command that replaces it", async () => {
    const state = freshState({
      OPENCLAW_MOONSHOT_AI_BASE_URL: sim.moonshotBaseUrl,
      OPENCLAW_KIMI_CODE_BASE_URL: sim.kimiCodeBaseUrl,
    });
    const moonshot = onboardWithKey("moonshot-api-key", MOONSHOT_KEY, "--skip-health");
    expect((await state.run(moonshot)).code).toBe(0);
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
  });

  it("a gone default with no listed model known: names the new one, to add first and then make the default", async () => {
    const state = kimiState(kimiMoved);
    expect((await state.run(ONBOARD_KIMI)).code).toBe(0);
    const scan = ["models", "scan", "--provider", "kimi-code"];
    const wide = await state.run(scan, { COLUMNS: "400" });
    expect(wide.code).toBe(0);
    expect(wide.stdout).toContain(
      `${GONE_DEFAULT} openclaw models scan --provider kimi-code --add, then openclaw models set kimi-code/kimi-for-coding-next\n`,
    );
    expect(wide.stdout).not.toContain("<model>");
    // Narrow: each command whole on a line of its own, to be copied.
    const narrow = await state.run(scan, { COLUMNS: "60" });
    const lines = narrow.stdout.trimEnd().split("\n");
    expect(lines.slice(-3)).toEqual([
      expect.stringMatching(/(^| )openclaw models scan --provider kimi-code --add$/),
      "  then",
      "    openclaw models set kimi-code/kimi-for-coding-next",
    ]);
    // A prune is refused with the same steps.
    const prune = await state.run([...scan, "--prune"]);
    expect(prune.code).toBe(1);
    expect(prune.stderr.replace(/\s+/g, " ")).toContain(
      "first run: openclaw models scan --provider kimi-code --add, then openclaw models set kimi-code/kimi-for-coding-next; then again: openclaw models scan --provider kimi-code --prune",
    );
    // Once --add wrote it, only the second step is left; and the steps do what they say.
    const add = await state.run([...scan, "--add"], { COLUMNS: "400" });
    expect(add.code).toBe(0);
    expect(add.stdout).toContain(
      `${GONE_DEFAULT} openclaw models set kimi-code/kimi-for-coding-next\n`,
    );
    expect((await state.run(["models", "set", "kimi-code/kimi-for-coding-next"])).code).toBe(0);
    const after = await state.run(scan);
    expect(after.stdout).not.toContain("the default model, is gone");
  });

  it("a gone default with nothing listed to replace it: names no model", async () => {
    const state = kimiState(kimiEmpty);
    expect((await state.run(ONBOARD_KIMI)).code).toBe(0);
    const scan = await state.run(["models", "scan", "--provider", "kimi-code"], {
      COLUMNS: "400",
    });
    expect(scan.stdout).toContain(`${GONE_DEFAULT} openclaw models set <model>\n`);
    expect(scan.stdout).not.toContain("--add");
  });
});
