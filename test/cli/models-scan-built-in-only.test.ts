/**
 * `models scan` right after onboarding: the K2 ids Moonshot retired are in openclaw's built-in
 * list only (onboarding left them out of the config), so they are nothing of the person's to call
 * gone: counted in one line. An id the config names (a fallback here) is still listed as gone, and
 * `--json` keeps every id in `gone`, with `goneBuiltInOnly` telling the built-in ones apart.
 * Real CLI against the simulator of today's API.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onboardWithKey } from "../helpers/onboard-args.js";
import { freshState, MOONSHOT_KEY } from "../onboard/harness.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

let sim: Simulator;

beforeAll(async () => {
  // Today's API: the retired ids are not listed.
  sim = await startSimulator({ region: "ai" });
});
afterAll(async () => {
  await sim?.close();
});

const RETIRED = [
  "kimi-k2-0905-preview",
  "kimi-k2-turbo-preview",
  "kimi-k2-thinking",
  "kimi-k2-thinking-turbo",
];

async function onboarded() {
  const state = freshState({ OPENCLAW_MOONSHOT_AI_BASE_URL: sim.moonshotBaseUrl });
  const onboard = await state.run(
    onboardWithKey("moonshot-api-key", MOONSHOT_KEY, "--skip-health"),
  );
  expect(onboard.code).toBe(0);
  return state;
}

describe("models scan of ids only openclaw's built-in list has", () => {
  it("counts them in one line, not each as gone, right after onboarding", async () => {
    const state = await onboarded();
    const scan = await state.run(["models", "scan", "--provider", "moonshot"], {
      COLUMNS: "200",
    });
    expect(scan.code).toBe(0);
    expect(scan.stdout).not.toContain("- gone");
    for (const id of RETIRED) expect(scan.stdout).not.toContain(id);
    expect(scan.stdout).toContain(
      "  4 ids of openclaw's built-in list are not offered to this key (none is in your config)",
    );
    // Nothing of the config's to prune: not suggested.
    expect(scan.stdout).not.toContain("--prune");
  });

  it("still lists as gone an id the config names, and --json keeps every one", async () => {
    const state = await onboarded();
    expect(
      (await state.run(["models", "fallbacks", "add", "moonshot/kimi-k2-thinking", "--force"]))
        .code,
    ).toBe(0);
    const scan = await state.run(["models", "scan", "--provider", "moonshot"], {
      COLUMNS: "200",
    });
    expect(scan.stdout).toMatch(/- gone\s+kimi-k2-thinking \(not offered to this key\)/);
    expect(scan.stdout).toContain(
      "  3 ids of openclaw's built-in list are not offered to this key (none is in your config)",
    );
    expect(scan.stdout).not.toContain("kimi-k2-turbo-preview");

    const json = await state.run(["models", "scan", "--provider", "moonshot", "--json"]);
    expect(json.code).toBe(0);
    const [result] = (
      JSON.parse(json.stdout) as { providers: { gone: string[]; goneBuiltInOnly: string[] }[] }
    ).providers;
    expect(result?.gone).toEqual(RETIRED);
    expect(result?.goneBuiltInOnly).toEqual(RETIRED.filter((id) => id !== "kimi-k2-thinking"));
  });
});
