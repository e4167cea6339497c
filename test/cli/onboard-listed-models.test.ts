/**
 * Onboarding starts from the built-in models (the OpenClaw docs' list), some of which the
 * provider has retired: the key check's own `GET /models` shows which, so onboarding writes only
 * the ones it lists (the default always), and says in one warning which it left out, with the
 * ids the key may use instead. Without a list to go by it writes all but those the built-in list
 * marks retired, and its changes say which it left out and what replaces them.
 */
import { writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onboardWithKey } from "../helpers/onboard-args.js";
import { ENTER, startTerminal } from "../helpers/pty.js";
import { closedPort, freshState, KIMI_KEY, MOONSHOT_KEY } from "../onboard/harness.js";
import {
  CURRENT_SIM_MODELS,
  RETIRED_SIM_MODELS,
  type SimModel,
  type Simulator,
  startSimulator,
} from "../simulator/index.js";

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
/** Moonshot has retired kimi-k2.5 too, but still serves one K2 preview. */
let noK25: Simulator;

beforeAll(async () => {
  today = await startSimulator();
  before = await startSimulator({ serveRetiredModels: true });
  const kimiNext: SimModel[] = CURRENT_SIM_MODELS.map((model) =>
    model.id === "kimi-for-coding" ? { ...model, id: "kimi-for-coding-next" } : model,
  );
  kimiMoved = await startSimulator({ models: kimiNext });
  noK25 = await startSimulator({
    models: [
      ...CURRENT_SIM_MODELS.filter((model) => model.id !== "kimi-k2.5"),
      ...RETIRED_SIM_MODELS.filter((model) => model.id === "kimi-k2-turbo-preview"),
    ],
  });
});
afterAll(async () => {
  await today?.close();
  await before?.close();
  await kimiMoved?.close();
  await noK25?.close();
});

function stateOn(sim: Simulator) {
  return freshState({
    OPENCLAW_MOONSHOT_AI_BASE_URL: sim.moonshotBaseUrl,
    OPENCLAW_KIMI_CODE_BASE_URL: sim.kimiCodeBaseUrl,
  });
}

function modelIds(config: Record<string, unknown>, provider = "moonshot"): string[] {
  const providers = (config.models as { providers: Record<string, { models: { id: string }[] }> })
    .providers;
  return (providers[provider]?.models ?? []).map((model) => model.id);
}
const moonshotModelIds = (config: Record<string, unknown>) => modelIds(config);

/** The refs of agents.defaults.models (aliases, allowlist) and their aliases. */
function aliases(config: Record<string, unknown>): Record<string, string | undefined> {
  const agents = config.agents as { defaults: { models?: Record<string, { alias?: string }> } };
  return Object.fromEntries(
    Object.entries(agents.defaults.models ?? {}).map(([ref, entry]) => [ref, entry.alias]),
  );
}

const ALL_ALIASES = {
  "moonshot/kimi-k2.5": "Kimi K2.5",
  "moonshot/kimi-k2-0905-preview": "Kimi K2",
  "moonshot/kimi-k2-turbo-preview": "Kimi K2 Turbo",
  "moonshot/kimi-k2-thinking": "Kimi K2 Thinking",
  "moonshot/kimi-k2-thinking-turbo": "Kimi K2 Thinking Turbo",
};

interface OnboardJson {
  ok: boolean;
  warnings: string[];
  written: boolean;
  primary: string;
  modelsAdded: string[];
  modelsLeftOut: string[];
}

const NOT_LISTED = "the API does not list";

/** What onboarding's changes say of the retired ids it left out with no list to go by. */
const RETIRED_LEFT_OUT = `moonshot: not added: ${RETIRED.join(", ")}, which moonshot retired in 2026 per openclaw's list (requests to them fail with 404); kimi-k2.5 replaces them`;

describe("onboarding writes only the built-in models the key's model list has", () => {
  it("writes kimi-k2.5 alone, with its alias, and names the retired ids it left out in one warning", async () => {
    const state = stateOn(today);
    const result = await state.run(onboardWithKey("moonshot-api-key", MOONSHOT_KEY));
    expect(result.code).toBe(0);
    expect(result.stderr.split("\n").filter((line) => line.startsWith("warning:"))).toEqual([
      `warning: moonshot: ${NOT_LISTED} ${RETIRED.join(", ")} for this key (retired, or your key may not use them), so onboarding left them out of the config; new: kimi-k2.6, kimi-k2.7-code, kimi-k3 — add them with: openclaw models scan --provider moonshot --add`,
    ]);
    expect(result.stdout).toContain("Saved.");
    expect(result.stdout).toContain("moonshot: added model kimi-k2.5\n");
    expect(moonshotModelIds(state.config())).toEqual(["kimi-k2.5"]);
    expect(aliases(state.config())).toEqual({ "moonshot/kimi-k2.5": "Kimi K2.5" });
    // Nothing left for a prune to take out.
    const scan = await state.run(["models", "scan", "--provider", "moonshot"]);
    expect(scan.code).toBe(0);
    expect(scan.stdout).not.toContain("--prune");
  });

  it("in a terminal too: shows the warning before asking, and writes kimi-k2.5 alone", async () => {
    const state = stateOn(today);
    const term = startTerminal(["onboard", "--auth-choice", "moonshot-api-key"], {
      cwd: state.dir,
      cols: 400,
      env: state.env,
    });
    try {
      await term.waitFor("API key");
      await term.typeSlowly(MOONSHOT_KEY);
      term.write(ENTER);
      await term.waitFor("Write these changes?");
      term.write(ENTER);
      await term.waitFor("Saved.");
      expect(await term.exited).toBe(0);
    } finally {
      term.kill();
    }
    const screen = term.plain();
    expect(screen).toContain(
      `moonshot: ${NOT_LISTED} ${RETIRED.join(", ")} for this key (retired, or your key may not use them), so onboarding left them out of the config`,
    );
    // In the box of what is about to be written: the one model, nothing after it on its line.
    expect(screen).toMatch(/moonshot: added model kimi-k2\.5 *│/);
    expect(moonshotModelIds(state.config())).toEqual(["kimi-k2.5"]);
  });

  it("--json: the warning in warnings and the ids left out in modelsLeftOut, nothing on stderr", async () => {
    const state = stateOn(today);
    const result = await state.run(onboardWithKey("moonshot-api-key", MOONSHOT_KEY, "--json"));
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    const report = JSON.parse(result.stdout) as OnboardJson;
    expect(report.ok).toBe(true);
    expect(report.modelsAdded).toEqual(["kimi-k2.5"]);
    expect(report.modelsLeftOut).toEqual(RETIRED);
    const listed = report.warnings.filter((warning) => warning.includes(NOT_LISTED));
    expect(listed).toHaveLength(1);
    expect(listed[0]).toContain(`${NOT_LISTED} ${RETIRED.join(", ")} for this key`);
    expect(listed[0]).toContain("left them out of the config");
    expect(listed[0]).toContain("new: kimi-k2.6, kimi-k2.7-code, kimi-k3");
    expect(listed[0]).toContain("openclaw models scan --provider moonshot --add");
  });

  it("after models scan --add, onboarding again adds nothing and names only the ids it leaves out", async () => {
    const state = stateOn(today);
    expect((await state.run(onboardWithKey("moonshot-api-key", MOONSHOT_KEY))).code).toBe(0);
    const scan = await state.run(["models", "scan", "--provider", "moonshot", "--add"]);
    expect(scan.code).toBe(0);
    const again = await state.run(onboardWithKey("moonshot-api-key", MOONSHOT_KEY, "--json"));
    const report = JSON.parse(again.stdout) as OnboardJson;
    expect(report.written).toBe(false);
    expect(report.warnings).toEqual([
      `moonshot: ${NOT_LISTED} ${RETIRED.join(", ")} for this key (retired, or your key may not use them), so onboarding left them out of the config; the models it lists: openclaw models scan --provider moonshot`,
    ]);
    expect(moonshotModelIds(state.config())).toEqual([
      "kimi-k2.5",
      "kimi-k2.6",
      "kimi-k2.7-code",
      "kimi-k3",
    ]);
  });

  it("re-onboarding keeps the retired models and aliases the config already has, and says they fail", async () => {
    const state = stateOn(before);
    expect((await state.run(onboardWithKey("moonshot-api-key", MOONSHOT_KEY))).code).toBe(0);
    expect(moonshotModelIds(state.config())).toEqual(["kimi-k2.5", ...RETIRED]);
    // A model added by hand, which the API does not list either.
    const config = state.config() as {
      models: { providers: { moonshot: { models: { id: string; name: string }[] } } };
    };
    config.models.providers.moonshot.models.push({ id: "my-finetune", name: "Mine" });
    writeFileSync(state.configPath, JSON.stringify(config, null, 2));

    const again = await state.run(onboardWithKey("moonshot-api-key", MOONSHOT_KEY, "--json"), {
      OPENCLAW_MOONSHOT_AI_BASE_URL: today.moonshotBaseUrl,
    });
    expect(again.code).toBe(0);
    const report = JSON.parse(again.stdout) as OnboardJson;
    expect(report.modelsLeftOut).toEqual([]);
    // Each where the config writes it, and what the key can use instead, from the key's own list.
    const named = [...RETIRED, "my-finetune"].map(
      (id, index) => `${id} (models.providers.moonshot.models[${index + 1}].id)`,
    );
    expect(report.warnings).toEqual([
      `moonshot: ${named.join(", ")} are not in the models your key can use (GET /v1/models): they were retired or your key may not use them, so requests to them fail with 404; the closest ids it can use: kimi-k2.5, kimi-k2.6, kimi-k2.7-code; take them out of the config (with any alias naming them) with: openclaw models scan --provider moonshot --prune; new: kimi-k2.6, kimi-k2.7-code, kimi-k3 — add them with: openclaw models scan --provider moonshot --add`,
    ]);
    expect(moonshotModelIds(state.config())).toEqual(["kimi-k2.5", ...RETIRED, "my-finetune"]);
    expect(aliases(state.config())).toEqual(ALL_ALIASES);
    // The step it gives does what it says.
    const prune = await state.run(["models", "scan", "--provider", "moonshot", "--prune"], {
      OPENCLAW_MOONSHOT_AI_BASE_URL: today.moonshotBaseUrl,
    });
    expect(prune.code).toBe(0);
    expect(moonshotModelIds(state.config())).toEqual(["kimi-k2.5"]);
    expect(aliases(state.config())).toEqual({ "moonshot/kimi-k2.5": "Kimi K2.5" });
  });

  it("writes all five, with their aliases, when the API lists them (--retired)", async () => {
    const state = stateOn(before);
    const result = await state.run(onboardWithKey("moonshot-api-key", MOONSHOT_KEY));
    expect(result.code).toBe(0);
    expect(result.stderr.split("\n").filter((line) => line.startsWith("warning:"))).toEqual([
      "warning: moonshot: the API lists models for this key that the config does not have: kimi-k2.6, kimi-k2.7-code, kimi-k3 — add them with: openclaw models scan --provider moonshot --add",
    ]);
    expect(moonshotModelIds(state.config())).toEqual(["kimi-k2.5", ...RETIRED]);
    expect(aliases(state.config())).toEqual(ALL_ALIASES);
  });

  it("says nothing when the API lists every model written and no other", async () => {
    const state = stateOn(before);
    expect((await state.run(onboardWithKey("moonshot-api-key", MOONSHOT_KEY))).code).toBe(0);
    expect((await state.run(["models", "scan", "--provider", "moonshot", "--add"])).code).toBe(0);
    const result = await state.run(onboardWithKey("moonshot-api-key", MOONSHOT_KEY));
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    const kimi = await stateOn(today).run(onboardWithKey("kimi-code-api-key", KIMI_KEY, "--json"));
    expect(kimi.code).toBe(0);
    expect((JSON.parse(kimi.stdout) as OnboardJson).warnings).toEqual([]);
  });

  it("writes no retired id when the model list cannot be read, and says what replaces them", async () => {
    const state = stateOn(today);
    today.failNext(1, "server", { path: "/v1/models" });
    const failed = await state.run(onboardWithKey("moonshot-api-key", MOONSHOT_KEY, "--json"));
    today.reset();
    expect(failed.code).toBe(0);
    const report = JSON.parse(failed.stdout) as OnboardJson & { changes: string[] };
    expect(report.written).toBe(true);
    expect(report.modelsLeftOut).toEqual(RETIRED);
    expect(report.changes).toContain(RETIRED_LEFT_OUT);
    // The key check's own warning: the list request did fail.
    expect(report.warnings.join("\n")).toMatch(/answered 500/);
    expect(report.warnings.join("\n")).not.toContain(NOT_LISTED);
    expect(moonshotModelIds(state.config())).toEqual(["kimi-k2.5"]);
    expect(aliases(state.config())).toEqual({ "moonshot/kimi-k2.5": "Kimi K2.5" });

    const port = await closedPort();
    const offline = freshState({ OPENCLAW_MOONSHOT_AI_BASE_URL: `http://127.0.0.1:${port}/v1` });
    const unreachable = await offline.run(onboardWithKey("moonshot-api-key", MOONSHOT_KEY));
    expect(unreachable.code).toBe(0);
    expect(unreachable.stderr).toContain("could not reach");
    expect(unreachable.stderr).not.toContain(NOT_LISTED);
    expect(unreachable.stdout).toContain(`  - ${RETIRED_LEFT_OUT}\n`);
    expect(moonshotModelIds(offline.config())).toEqual(["kimi-k2.5"]);

    const skippedState = stateOn(today);
    const skipped = await skippedState.run(
      onboardWithKey("moonshot-api-key", MOONSHOT_KEY, "--skip-health"),
    );
    expect(skipped.code).toBe(0);
    expect(skipped.stderr).toBe("");
    expect(skipped.stdout).toContain(`  - ${RETIRED_LEFT_OUT}\n`);
    expect(moonshotModelIds(skippedState.config())).toEqual(["kimi-k2.5"]);
    // Onboarded again, nothing more is written, and the left-out ids are not said again.
    const again = await skippedState.run(
      onboardWithKey("moonshot-api-key", MOONSHOT_KEY, "--skip-health"),
    );
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("nothing needed to change");
    expect(again.stdout).not.toContain("not added");
  });

  it("writes no retired id when the API's list is empty (it says nothing about which ids exist)", async () => {
    const empty = await startSimulator({ models: [] });
    try {
      const state = stateOn(empty);
      const result = await state.run(onboardWithKey("moonshot-api-key", MOONSHOT_KEY, "--json"));
      expect(result.code).toBe(0);
      const report = JSON.parse(result.stdout) as OnboardJson;
      expect(report.modelsLeftOut).toEqual(RETIRED);
      expect(report.warnings.join("\n")).not.toContain(NOT_LISTED);
      expect(moonshotModelIds(state.config())).toEqual(["kimi-k2.5"]);
    } finally {
      await empty.close();
    }
  });

  it("keeps an unlisted default model as the default and says apart what to run: a listed model it wrote", async () => {
    const state = stateOn(noK25);
    const result = await state.run(onboardWithKey("moonshot-api-key", MOONSHOT_KEY, "--json"));
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as OnboardJson;
    expect(report.primary).toBe("moonshot/kimi-k2.5");
    expect(report.modelsAdded).toEqual(["kimi-k2.5", "kimi-k2-turbo-preview"]);
    expect(report.modelsLeftOut).toEqual([
      "kimi-k2-0905-preview",
      "kimi-k2-thinking",
      "kimi-k2-thinking-turbo",
    ]);
    expect(report.warnings).toEqual([
      "moonshot: the default model moonshot/kimi-k2.5 is not in the API's list for this key (retired, or your key may not use it): every request to it fails with 404 until another model is the default; it was set up all the same, as the model of the provider you chose; make a listed model the default: openclaw models set moonshot/kimi-k2-turbo-preview",
      `moonshot: ${NOT_LISTED} kimi-k2-0905-preview, kimi-k2-thinking, kimi-k2-thinking-turbo for this key (retired, or your key may not use them), so onboarding left them out of the config; new: kimi-k2.6, kimi-k2.7-code, kimi-k3 — add them with: openclaw models scan --provider moonshot --add`,
    ]);
    expect(aliases(state.config())).toEqual({
      "moonshot/kimi-k2.5": "Kimi K2.5",
      "moonshot/kimi-k2-turbo-preview": "Kimi K2 Turbo",
    });
  });

  it("an unlisted default with no listed model written: names the --add and set commands (Kimi Code)", async () => {
    const state = stateOn(kimiMoved);
    const result = await state.run(onboardWithKey("kimi-code-api-key", KIMI_KEY));
    expect(result.code).toBe(0);
    expect(result.stderr.split("\n").filter((line) => line.startsWith("warning:"))).toEqual([
      "warning: kimi-code: the default model kimi-code/kimi-for-coding is not in the API's list for this key (retired, or your key may not use it): every request to it fails with 404 until another model is the default; it was set up all the same, as the model of the provider you chose; the API lists kimi-for-coding-next instead: add it with: openclaw models scan --provider kimi-code --add, then make one the default: openclaw models set kimi-code/kimi-for-coding-next",
    ]);
    expect(modelIds(state.config(), "kimi-code")).toEqual(["kimi-for-coding"]);
    // The commands it names do what it says.
    expect((await state.run(["models", "scan", "--provider", "kimi-code", "--add"])).code).toBe(0);
    expect((await state.run(["models", "set", "kimi-code/kimi-for-coding-next"])).code).toBe(0);
  });
});
