/**
 * Onboarding writes the built-in models (the OpenClaw docs' list), some of which the provider has
 * retired: the key check's own `GET /models` shows which, and onboarding says so in one warning,
 * with the ids the key may use instead, and writes the models all the same.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closedPort, freshState, KIMI_KEY, MOONSHOT_KEY } from "../onboard/harness.js";
import {
  CURRENT_SIM_MODELS,
  type SimModel,
  type Simulator,
  startSimulator,
} from "../simulator/index.js";

const ONBOARD = ["onboard", "--non-interactive", "--accept-risk"];
const MOONSHOT = [...ONBOARD, "--auth-choice", "moonshot-api-key", "--moonshot-api-key"];
const KIMI_CODE = [...ONBOARD, "--auth-choice", "kimi-code-api-key", "--kimi-code-api-key"];

const RETIRED = [
  "kimi-k2-0905-preview",
  "kimi-k2-turbo-preview",
  "kimi-k2-thinking",
  "kimi-k2-thinking-turbo",
];

/** Serves today's models: the retired K2 ids get a 404. */
let today: Simulator;
/** Serves the retired ids too, as the API did before 2026. */
let before: Simulator;
/** Kimi Code has moved on from kimi-for-coding. */
let kimiMoved: Simulator;

beforeAll(async () => {
  today = await startSimulator();
  before = await startSimulator({ serveRetiredModels: true });
  const kimiNext: SimModel[] = CURRENT_SIM_MODELS.map((model) =>
    model.id === "kimi-for-coding" ? { ...model, id: "kimi-for-coding-next" } : model,
  );
  kimiMoved = await startSimulator({ models: kimiNext });
});
afterAll(async () => {
  await today?.close();
  await before?.close();
  await kimiMoved?.close();
});

function stateOn(sim: Simulator) {
  return freshState({
    OPENCLAW_MOONSHOT_AI_BASE_URL: sim.moonshotBaseUrl,
    OPENCLAW_KIMI_CODE_BASE_URL: sim.kimiCodeBaseUrl,
  });
}

function moonshotModelIds(config: Record<string, unknown>): string[] {
  const providers = (config.models as { providers: Record<string, { models: { id: string }[] }> })
    .providers;
  return (providers.moonshot?.models ?? []).map((model) => model.id);
}

const NOT_LISTED = "the API does not list";

describe("onboarding names the built-in models the key's model list does not have", () => {
  it("warns once about the retired K2 ids, names the new ones, and still writes the docs' list", async () => {
    const state = stateOn(today);
    const result = await state.run([...MOONSHOT, MOONSHOT_KEY]);
    expect(result.code).toBe(0);
    const warnings = result.stderr.split("\n").filter((line) => line.includes(NOT_LISTED));
    expect(warnings).toEqual([
      `warning: moonshot: ${NOT_LISTED} ${RETIRED.join(", ")} for this key: they were retired or your key may not use them, so requests to them fail with 404; new: kimi-k2.6, kimi-k2.7-code, kimi-k3 — add them with: openclaw models scan --provider moonshot --add`,
    ]);
    expect(result.stdout).toContain("Saved.");
    expect(moonshotModelIds(state.config())).toEqual(["kimi-k2.5", ...RETIRED]);
  });

  it("carries the same text in --json's warnings, with nothing on stderr", async () => {
    const state = stateOn(today);
    const result = await state.run([...MOONSHOT, MOONSHOT_KEY, "--json"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    const report = JSON.parse(result.stdout) as { ok: boolean; warnings: string[] };
    expect(report.ok).toBe(true);
    const listed = report.warnings.filter((warning) => warning.includes(NOT_LISTED));
    expect(listed).toHaveLength(1);
    expect(listed[0]).toContain(`${NOT_LISTED} ${RETIRED.join(", ")} for this key`);
    expect(listed[0]).toContain("new: kimi-k2.6, kimi-k2.7-code, kimi-k3");
    expect(listed[0]).toContain("openclaw models scan --provider moonshot --add");
  });

  it("after models scan --add, onboarding again names only the retired ids", async () => {
    const state = stateOn(today);
    expect((await state.run([...MOONSHOT, MOONSHOT_KEY])).code).toBe(0);
    const scan = await state.run(["models", "scan", "--provider", "moonshot", "--add"]);
    expect(scan.code).toBe(0);
    const again = await state.run([...MOONSHOT, MOONSHOT_KEY, "--json"]);
    const report = JSON.parse(again.stdout) as { warnings: string[] };
    expect(report.warnings).toEqual([
      `moonshot: ${NOT_LISTED} ${RETIRED.join(", ")} for this key: they were retired or your key may not use them, so requests to them fail with 404; the models it lists: openclaw models scan --provider moonshot`,
    ]);
  });

  it("names the new ids and the --add command when every model written is still listed", async () => {
    const state = stateOn(before);
    const result = await state.run([...MOONSHOT, MOONSHOT_KEY]);
    expect(result.code).toBe(0);
    expect(result.stderr.split("\n").filter((line) => line.startsWith("warning:"))).toEqual([
      "warning: moonshot: the API lists models for this key that the config does not have: kimi-k2.6, kimi-k2.7-code, kimi-k3 — add them with: openclaw models scan --provider moonshot --add",
    ]);
    expect(moonshotModelIds(state.config())).toEqual(["kimi-k2.5", ...RETIRED]);
  });

  it("says nothing when the API lists every model written and no other", async () => {
    const state = stateOn(before);
    expect((await state.run([...MOONSHOT, MOONSHOT_KEY])).code).toBe(0);
    expect((await state.run(["models", "scan", "--provider", "moonshot", "--add"])).code).toBe(0);
    const result = await state.run([...MOONSHOT, MOONSHOT_KEY]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    const kimi = await stateOn(today).run([...KIMI_CODE, KIMI_KEY, "--json"]);
    expect(kimi.code).toBe(0);
    expect((JSON.parse(kimi.stdout) as { warnings: string[] }).warnings).toEqual([]);
  });

  it("says nothing extra, and still onboards, when the model list cannot be read", async () => {
    const state = stateOn(today);
    today.failNext(1, "server", { path: "/v1/models" });
    const failed = await state.run([...MOONSHOT, MOONSHOT_KEY, "--json"]);
    today.reset();
    expect(failed.code).toBe(0);
    const report = JSON.parse(failed.stdout) as { warnings: string[]; written: boolean };
    expect(report.written).toBe(true);
    // The key check's own warning: the list request did fail.
    expect(report.warnings.join("\n")).toMatch(/answered 500/);
    expect(report.warnings.join("\n")).not.toContain(NOT_LISTED);

    const port = await closedPort();
    const offline = freshState({ OPENCLAW_MOONSHOT_AI_BASE_URL: `http://127.0.0.1:${port}/v1` });
    const unreachable = await offline.run([...MOONSHOT, MOONSHOT_KEY]);
    expect(unreachable.code).toBe(0);
    expect(unreachable.stderr).toContain("could not reach");
    expect(unreachable.stderr).not.toContain(NOT_LISTED);

    const skipped = await stateOn(today).run([...MOONSHOT, MOONSHOT_KEY, "--skip-health"]);
    expect(skipped.code).toBe(0);
    expect(skipped.stderr).toBe("");
  });

  it("checks Kimi Code's list the same way", async () => {
    const state = stateOn(kimiMoved);
    const result = await state.run([...KIMI_CODE, KIMI_KEY, "--json"]);
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as { warnings: string[] }).warnings).toEqual([
      `kimi-code: ${NOT_LISTED} kimi-for-coding for this key: it was retired or your key may not use it, so requests to it fail with 404; new: kimi-for-coding-next — add them with: openclaw models scan --provider kimi-code --add`,
    ]);
  });
});
