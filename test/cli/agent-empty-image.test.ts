/**
 * `openclaw agent -m "What is this?" --image "$IMG"` with IMG unset or blank: refused as a usage
 * mistake (exit 2) before anything is sent. It was taken as no image: the message went alone and
 * the model's answer came back with exit 0, as if it had looked at a picture.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshState, MOONSHOT_KEY } from "../onboard/harness.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ region: "ai" });
});
afterAll(async () => {
  await sim?.close();
});

async function onboarded() {
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
  return state;
}

describe("agent --image with an empty value", () => {
  it("is a usage error (exit 2) naming --image, and no answer is printed", async () => {
    const state = await onboarded();
    for (const image of ["", " "]) {
      const result = await state.run(["agent", "-m", "What is this?", "--image", image]);
      expect(result.code, JSON.stringify(image)).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr.trim().split("\n")).toEqual([
        "error: --image is empty: give the path of an image file",
        expect.stringMatching(/^hint: example: openclaw agent .*--image photo\.png/),
      ]);
    }
  });

  it("with --json, one usage failure object on stdout", async () => {
    const state = await onboarded();
    const result = await state.run(["agent", "-m", "What is this?", "--image", "", "--json"]);
    expect(result.code).toBe(2);
    const failure = JSON.parse(result.stdout) as {
      ok: boolean;
      error: { code: string; message: string };
    };
    expect(failure.ok).toBe(false);
    expect(failure.error.code).toBe("usage");
    expect(failure.error.message).toBe("--image is empty: give the path of an image file");
  });
});
