/**
 * `models scan --add` against a list that reports one medium of a model and not the other: the
 * "not listed, so assumed" note speaks of what the list left out, medium by medium. A list that
 * said the model takes video but not whether it takes images got "text only" (its input is
 * "text" and "video"), and one that said images but not video got no note about video at all.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshState, MOONSHOT_KEY } from "../onboard/harness.js";
import { CURRENT_SIM_MODELS, type Simulator, startSimulator } from "../simulator/index.js";

let sim: Simulator;

beforeAll(async () => {
  const k26 = CURRENT_SIM_MODELS.find((model) => model.id === "kimi-k2.6");
  if (!k26) throw new Error("the simulator serves kimi-k2.6");
  sim = await startSimulator({
    region: "ai",
    models: [
      ...CURRENT_SIM_MODELS,
      { ...k26, id: "kimi-k2.6-video-said", unlistedFields: ["supports_image_in"] },
      { ...k26, id: "kimi-k2.6-image-said", unlistedFields: ["supports_video_in"] },
    ],
  });
});
afterAll(async () => {
  await sim?.close();
});

/** The scan's line for `id` (COLUMNS is wide enough for one line each). */
function lineOf(stdout: string, id: string): string {
  return stdout.split("\n").find((line) => line.includes(`${id} (`)) ?? "";
}

describe("models scan --add, a list that reports one medium and not the other", () => {
  it("notes only the medium left out, in its own words", async () => {
    const state = freshState({ OPENCLAW_MOONSHOT_AI_BASE_URL: sim.moonshotBaseUrl });
    const onboard = await state.run([
      "onboard",
      "--non-interactive",
      "--accept-risk",
      "--skip-health",
      "--auth-choice",
      "moonshot-api-key",
      "--moonshot-api-key",
      MOONSHOT_KEY,
    ]);
    expect(onboard.code).toBe(0);

    const add = await state.run(["models", "scan", "--provider", "moonshot", "--add"], {
      COLUMNS: "250",
    });
    expect(add.code).toBe(0);
    const suffix = " (correct it in the config if it differs)";
    expect(lineOf(add.stdout, "kimi-k2.6-video-said")).toContain(
      `kimi-k2.6-video-said (ctx 256k, reasoning, video) — added; not listed, so assumed: no image input${suffix}`,
    );
    expect(lineOf(add.stdout, "kimi-k2.6-image-said")).toContain(
      `kimi-k2.6-image-said (ctx 256k, reasoning, image) — added; not listed, so assumed: no video input${suffix}`,
    );
    // A model the list reports whole gets no note.
    expect(lineOf(add.stdout, "kimi-k2.6")).toMatch(
      /kimi-k2\.6 \(ctx 256k, reasoning, image, video\) — added$/,
    );

    const list = await state.run(["models", "list", "--json", "--provider", "moonshot"]);
    const inputs = Object.fromEntries(
      (JSON.parse(list.stdout).models as { ref: string; input: string[] }[]).map((row) => [
        row.ref,
        row.input,
      ]),
    );
    expect(inputs["moonshot/kimi-k2.6-video-said"]).toEqual(["text", "video"]);
    expect(inputs["moonshot/kimi-k2.6-image-said"]).toEqual(["text", "image"]);
  });
});
