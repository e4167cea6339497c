/**
 * A custom OpenAI-compatible provider for tests of the CLI: the onboard command that adds one, and
 * a state dir whose config already has one, `lab`, as its only provider.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { freshState, type StateDir } from "../onboard/harness.js";
import { customProvider } from "./custom-provider-entry.js";

/**
 * `openclaw onboard` of a custom endpoint at `baseUrl` with model `modelId`, as a script runs it
 * (non-interactive, risk accepted), then `more` flags.
 */
export function onboardCustom(baseUrl: string, modelId: string, ...more: string[]): string[] {
  return [
    "onboard",
    "--non-interactive",
    "--accept-risk",
    "--auth-choice",
    "custom-api-key",
    "--custom-base-url",
    baseUrl,
    "--custom-model-id",
    modelId,
    ...more,
  ];
}

/** onboardCustom with the provider id `lab`, then `more` flags. */
export function onboardLab(baseUrl: string, modelId: string, ...more: string[]): string[] {
  return onboardCustom(baseUrl, modelId, "--custom-provider-id", "lab", ...more);
}

/**
 * A fresh state dir whose openclaw.json has `lab` at `baseUrl` with `apiKey` (models.mode
 * "replace"), its only model `model`, which is also the default (lab/<id>).
 */
export function labState(
  baseUrl: string,
  apiKey: string,
  model: { id: string; name: string },
): StateDir {
  const state = freshState();
  writeFileSync(
    join(state.dir, "openclaw.json"),
    JSON.stringify({
      agents: { defaults: { model: `lab/${model.id}` } },
      models: {
        mode: "replace",
        providers: { lab: customProvider([model], { baseUrl, apiKey }) },
      },
    }),
    { mode: 0o600 },
  );
  return state;
}
