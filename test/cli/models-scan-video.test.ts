/**
 * `models scan` reads `supports_video_in` as it reads `supports_image_in`: a new model the
 * endpoint says takes video is shown so and written with "video" in its input by `--add`, so that
 * the gateway sends it a video part. Before, the scan showed and wrote images only, and a video to
 * the added model was refused with video_not_supported.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onboardWithKey } from "../helpers/onboard-args.js";
import { freshState, MOONSHOT_KEY } from "../onboard/harness.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ region: "ai" });
});
afterAll(async () => {
  await sim?.close();
});

describe("models scan, a model the endpoint says takes video", () => {
  it("is shown with video and added with it in its input", async () => {
    const state = freshState({ OPENCLAW_MOONSHOT_AI_BASE_URL: sim.moonshotBaseUrl });
    const onboard = await state.run(
      onboardWithKey("moonshot-api-key", MOONSHOT_KEY, "--skip-health"),
    );
    expect(onboard.code).toBe(0);

    const scan = await state.run(["models", "scan", "--provider", "moonshot"], {
      COLUMNS: "200",
    });
    expect(scan.code).toBe(0);
    // The simulator's kimi-k2.6 takes video as kimi-k2.5 does; kimi-k3 takes images only.
    expect(scan.stdout).toMatch(/\+ new\s+kimi-k2\.6 \(ctx 256k, reasoning, image, video\)/);
    expect(scan.stdout).toMatch(/\+ new\s+kimi-k3 \(ctx 1M, reasoning, image\)/);

    const add = await state.run(["models", "scan", "--provider", "moonshot", "--add"]);
    expect(add.code).toBe(0);
    const list = await state.run(["models", "list", "--json", "--provider", "moonshot"]);
    const inputs = Object.fromEntries(
      (JSON.parse(list.stdout).models as { ref: string; input: string[] }[]).map((row) => [
        row.ref,
        row.input,
      ]),
    );
    expect(inputs["moonshot/kimi-k2.6"]).toEqual(["text", "image", "video"]);
    expect(inputs["moonshot/kimi-k3"]).toEqual(["text", "image"]);
    expect(inputs["moonshot/kimi-k2.7-code"]).toEqual(["text"]);
  });
});
