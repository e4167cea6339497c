/**
 * `agent --image` on a freshly onboarded config: onboarding (like the docs' config) lists every
 * model's input as "text", so the image is refused. The refusal's hint must be a command to copy
 * that makes the model take images, and say what the provider's own model list reports.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onboardWithKey } from "../helpers/onboard-args.js";
import { closedPort, freshState, KIMI_KEY, MOONSHOT_KEY } from "../onboard/harness.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ region: "ai" });
});
afterAll(async () => {
  await sim?.close();
});

/** A 1×1 PNG. */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

async function onboardedBoth() {
  const state = freshState({
    OPENCLAW_MOONSHOT_AI_BASE_URL: sim.moonshotBaseUrl,
    OPENCLAW_KIMI_CODE_BASE_URL: sim.kimiCodeBaseUrl,
  });
  const kimi = onboardWithKey("kimi-code-api-key", KIMI_KEY, "--skip-health");
  const moonshot = onboardWithKey("moonshot-api-key", MOONSHOT_KEY, "--skip-health");
  expect((await state.run(kimi)).code).toBe(0);
  expect((await state.run(moonshot)).code).toBe(0);
  const photo = join(state.dir, "photo.png");
  writeFileSync(photo, PNG);
  return { state, photo };
}

/** The hint of `agent --image --json` refused (exit 1) for `model`. */
async function refusedImageHint(
  state: Awaited<ReturnType<typeof onboardedBoth>>["state"],
  photo: string,
  model: string,
): Promise<string> {
  const refused = await state.run([
    "agent",
    "-m",
    "What is this?",
    "--image",
    photo,
    "--model",
    model,
    "--json",
  ]);
  expect(refused.code).toBe(1);
  return (JSON.parse(refused.stdout) as { error: { hint: string } }).error.hint;
}

/** The command a hint ends with, as a person would paste it into a shell. */
function commandIn(hint: string): string[] {
  const match = /openclaw config set '([^']+)' '([^']+)'$/.exec(hint);
  expect(match, hint).not.toBeNull();
  return ["config", "set", match?.[1] ?? "", match?.[2] ?? ""];
}

describe("agent --image refused for a model whose config says text only", () => {
  it("says the provider lists it as taking images and gives the command that fixes it, which works", async () => {
    const { state, photo } = await onboardedBoth();
    const ask = ["agent", "-m", "What is this?", "--image", photo, "--model", "moonshot/kimi-k2.5"];
    const refused = await state.run(ask);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      "error: moonshot/kimi-k2.5 does not accept images (its input is text)",
    );
    const hint = refused.stderr.slice(refused.stderr.indexOf("hint: ") + 6).replace(/\s+/g, " ");
    expect(hint).toContain("moonshot's model list says kimi-k2.5 takes images");
    expect(hint.trim()).toMatch(
      /add "image" to its input: openclaw config set 'models\.providers\.moonshot\.models\[0\]\.input' '\["text","image"\]'$/,
    );

    // The same hint in --json, for a script.
    const json = await state.run([...ask, "--json"]);
    const error = (JSON.parse(json.stdout) as { error: { code: string; hint: string } }).error;
    expect(error.code).toBe("image_not_supported");
    expect(error.hint).toBe(hint.trim());

    // Copied as written, the command makes the same request work.
    expect((await state.run(commandIn(error.hint))).code).toBe(0);
    const answered = await state.run(ask);
    expect(answered.stderr).not.toContain("error:");
    expect(answered.code).toBe(0);
    expect(answered.stdout).toContain("[image]");
  }, 60_000);

  it("a model the provider lists as taking no images: says so, with no config command to copy", async () => {
    const { state, photo } = await onboardedBoth();
    const hint = await refusedImageHint(state, photo, "kimi-code/kimi-for-coding");
    expect(hint).toContain("kimi-code's model list says kimi-for-coding takes no images");
    expect(hint).not.toContain("config set");
  }, 60_000);

  it("when the model list cannot be read, still gives the command, as a condition", async () => {
    const { state, photo } = await onboardedBoth();
    const port = await closedPort();
    expect(
      (
        await state.run([
          "config",
          "set",
          "models.providers.moonshot.baseUrl",
          `http://127.0.0.1:${port}/v1`,
        ])
      ).code,
    ).toBe(0);
    const hint = await refusedImageHint(state, photo, "moonshot/kimi-k2.5");
    expect(hint).not.toContain("model list says");
    expect(hint).toMatch(
      /if moonshot\/kimi-k2\.5 takes pictures, add "image" to its input: openclaw config set 'models\.providers\.moonshot\.models\[0\]\.input' '\["text","image"\]'$/,
    );
  }, 60_000);

  it("a model only built in gets the command that adds its entry, which works", async () => {
    const state = freshState({ SIM_URL: sim.moonshotBaseUrl, MOONSHOT_API_KEY: MOONSHOT_KEY });
    writeFileSync(
      state.configPath,
      '{ models: { providers: { moonshot: { baseUrl: "${SIM_URL}" } } }, agents: { defaults: { model: "moonshot/kimi-k2.5" } } }\n',
    );
    const photo = join(state.dir, "photo.png");
    writeFileSync(photo, PNG);
    const hint = await refusedImageHint(state, photo, "moonshot/kimi-k2.5");
    expect(hint).toMatch(
      /add "image" to its input: openclaw config set 'models\.providers\.moonshot\.models\[0\]' '\{"id":"kimi-k2\.5","name":"Kimi K2\.5","input":\["text","image"\]\}'$/,
    );
    expect((await state.run(commandIn(hint))).code).toBe(0);
    const sent = await state.run(["agent", "-m", "What is this?", "--image", photo, "--json"]);
    expect(sent.code).toBe(0);
  }, 60_000);
});
