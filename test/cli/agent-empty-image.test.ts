/**
 * `openclaw agent -m "What is this?" --image "$IMG"` with IMG unset or blank: refused as a usage
 * mistake (exit 2) before anything is sent. It was taken as no image: the message went alone and
 * the model's answer came back with exit 0, as if it had looked at a picture. Two --image: the
 * second replaced the first without a word, so the model saw one of the two pictures.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
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

async function onboarded() {
  const state = freshState({ OPENCLAW_MOONSHOT_AI_BASE_URL: sim.moonshotBaseUrl });
  const onboard = await state.run(
    onboardWithKey("moonshot-api-key", MOONSHOT_KEY, "--skip-health"),
  );
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

/** A 1×1 PNG. */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

describe("agent --image given twice", () => {
  it("is a usage error (exit 2) saying a message takes one image, and nothing is sent", async () => {
    const state = await onboarded();
    const [first, second] = ["front.png", "back.png"].map((name) => join(state.dir, name));
    for (const path of [first, second]) writeFileSync(path as string, PNG);
    sim.requests.length = 0;
    const result = await state.run([
      "agent",
      "-m",
      "Which is bigger?",
      "--image",
      first as string,
      "--image",
      second as string,
      "--model",
      "moonshot/kimi-k2.5",
    ]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim().split("\n")).toEqual([
      "error: --image is given 2 times: a message takes one image",
      "hint: run openclaw agent once per picture; --session-id <id> keeps them in one conversation",
    ]);
    expect(sim.chatRequests()).toEqual([]);
  });
});
