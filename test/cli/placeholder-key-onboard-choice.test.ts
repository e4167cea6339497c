/**
 * `config validate`, `config set` and `doctor` on a config whose provider keys are the docs' placeholders: the
 * hint names the onboarding that stores that provider's key (`or run: openclaw onboard
 * --auth-choice moonshot-api-key`, `… kimi-code-api-key`), as `models status` and `agent` say it;
 * before, it said a bare `openclaw onboard`, whose first question is which provider. A provider
 * of the user's own, which onboarding knows no choice for, keeps the bare command. The built CLI
 * (`npm run build` first); nothing is asked of the network.
 */
import { writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { customProvider } from "../helpers/custom-provider-entry.js";
import { freshState } from "../onboard/harness.js";

const MOONSHOT = "or run: openclaw onboard --auth-choice moonshot-api-key";
const KIMI_CODE = "or run: openclaw onboard --auth-choice kimi-code-api-key";

function placeholderState() {
  const state = freshState();
  writeFileSync(
    state.configPath,
    `${JSON.stringify(
      {
        models: {
          mode: "merge",
          providers: {
            moonshot: { apiKey: "sk-..." },
            "kimi-code": { apiKey: "YOUR_API_KEY" },
            local: customProvider([{ id: "kimi-k2.5", name: "Local Kimi" }], { apiKey: "sk-..." }),
          },
        },
        agents: { defaults: { model: { primary: "moonshot/kimi-k2.5" } } },
      },
      null,
      2,
    )}\n`,
  );
  return state;
}

interface Warning {
  path: string;
  hint?: string;
}

describe("a placeholder key's hint names the provider's onboarding", () => {
  it("config validate, as text and --json", async () => {
    const state = placeholderState();
    const run = await state.run(["config", "validate"]);
    expect(run.code).toBe(0);
    const lines = run.stdout.split("\n");
    const hintAfter = (path: string) => lines[lines.findIndex((line) => line.includes(path)) + 1];
    expect(hintAfter("models.providers.moonshot.apiKey")).toContain(
      `hint: replace it with your own key, ${MOONSHOT}`,
    );
    expect(hintAfter("models.providers.kimi-code.apiKey")).toContain(
      `hint: replace it with your own key, ${KIMI_CODE}`,
    );
    // Onboarding has no choice for a provider of the user's own: the bare command stays.
    expect(hintAfter("models.providers.local.apiKey")).toMatch(
      /hint: replace it with your own key, or run: openclaw onboard$/,
    );

    const json = await state.run(["config", "validate", "--json"]);
    const { warnings } = JSON.parse(json.stdout) as { warnings: Warning[] };
    const hintOf = (path: string) => warnings.find((warning) => warning.path === path)?.hint;
    expect(hintOf("models.providers.moonshot.apiKey")).toBe(
      `replace it with your own key, ${MOONSHOT}`,
    );
    expect(hintOf("models.providers.kimi-code.apiKey")).toBe(
      `replace it with your own key, ${KIMI_CODE}`,
    );
    expect(hintOf("models.providers.local.apiKey")).toBe(
      "replace it with your own key, or run: openclaw onboard",
    );
  });

  it("config set, as it writes one (text and --json)", async () => {
    const state = placeholderState();
    const run = await state.run(["config", "set", "models.providers.kimi-code.apiKey", "sk-..."]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      `warning: models.providers.kimi-code.apiKey: is a placeholder from the docs, not a real key; replace it with your own key, ${KIMI_CODE}\n`,
    );
    const json = await state.run([
      "config",
      "set",
      "models.providers.local.apiKey",
      "sk-...",
      "--json",
    ]);
    const { warnings } = JSON.parse(json.stdout) as { warnings: string[] };
    expect(warnings).toContain(
      "models.providers.local.apiKey: is a placeholder from the docs, not a real key; replace it with your own key, or run: openclaw onboard",
    );
    const moonshot = await state.run([
      "config",
      "set",
      "models.providers.moonshot.apiKey",
      "sk-...",
      "--json",
    ]);
    expect((JSON.parse(moonshot.stdout) as { warnings: string[] }).warnings).toContain(
      `models.providers.moonshot.apiKey: is a placeholder from the docs, not a real key; replace it with your own key, ${MOONSHOT}`,
    );
  });

  it("doctor: its config check and its key check, as text and --json", async () => {
    const state = placeholderState();
    const run = await state.run(["doctor"]);
    const said = run.stdout;
    expect(said).toContain(`hint: replace it with your own key, ${MOONSHOT}\n`);
    expect(said).toContain(`hint: replace it with your own key, ${KIMI_CODE}\n`);
    expect(said).toContain(
      `hint: config models.providers.moonshot.apiKey: is a placeholder from the docs, not a real key; replace it with your own key, ${MOONSHOT}\n`,
    );
    expect(said).toContain(
      `hint: config models.providers.kimi-code.apiKey: is a placeholder from the docs, not a real key; replace it with your own key, ${KIMI_CODE}\n`,
    );
    expect(said).toContain(
      "hint: config models.providers.local.apiKey: is a placeholder from the docs, not a real key; replace it with your own key, or run: openclaw onboard\n",
    );

    const json = await state.run(["doctor", "--json"]);
    expect(json.stdout).toContain(
      `"hint": "config models.providers.kimi-code.apiKey: is a placeholder from the docs, not a real key; replace it with your own key, ${KIMI_CODE}"`,
    );
    expect(json.stdout).toContain(`"hint": "replace it with your own key, ${MOONSHOT}"`);
  });
});

describe("doctor's key check places a provider by the base-URL overrides in effect", () => {
  // Onboarding with OPENCLAW_MOONSHOT_AI_BASE_URL (or OPENCLAW_KIMI_CODE_BASE_URL) set writes the
  // redirected address as the provider's baseUrl; the variable, in the shell or in the config's
  // env block, makes that address the endpoint. Before, doctor's key check read no variable, and
  // a provider there was told the bare `openclaw onboard`, whose first question is which provider.
  function redirectedState() {
    const state = freshState();
    writeFileSync(
      state.configPath,
      `${JSON.stringify(
        {
          env: { OPENCLAW_KIMI_CODE_BASE_URL: "http://127.0.0.1:9/coding/v1" },
          models: {
            mode: "merge",
            providers: {
              moonshot: { baseUrl: "http://127.0.0.1:9/v1", apiKey: "sk-..." },
              "kimi-code": { baseUrl: "http://127.0.0.1:9/coding/v1", apiKey: "YOUR_API_KEY" },
            },
          },
          agents: { defaults: { model: { primary: "moonshot/kimi-k2.5" } } },
        },
        null,
        2,
      )}\n`,
    );
    return state;
  }
  const keyHint = (provider: string, path: string, command: string) =>
    `! key      ${provider}: no usable key\n           hint: config ${path}: is a placeholder from the docs, not a real key; replace it with your own key, or run: ${command}\n`;

  it("as text and --json, from the shell's variable and from the config's env block", async () => {
    const state = redirectedState();
    const moved = { OPENCLAW_MOONSHOT_AI_BASE_URL: "http://127.0.0.1:9/v1" };
    const run = await state.run(["doctor"], moved);
    expect(run.stdout).toContain(
      keyHint("moonshot", "models.providers.moonshot.apiKey", MOONSHOT.slice("or run: ".length)),
    );
    expect(run.stdout).toContain(
      keyHint("kimi-code", "models.providers.kimi-code.apiKey", KIMI_CODE.slice("or run: ".length)),
    );

    const json = await state.run(["doctor", "--json"], moved);
    const { findings } = JSON.parse(json.stdout) as {
      findings: { check: string; message: string; hint?: string }[];
    };
    const keyHintOf = (provider: string) =>
      findings.find(
        (entry) => entry.check === "key" && entry.message === `${provider}: no usable key`,
      )?.hint;
    expect(keyHintOf("moonshot")).toBe(
      `config models.providers.moonshot.apiKey: is a placeholder from the docs, not a real key; replace it with your own key, ${MOONSHOT}`,
    );
    expect(keyHintOf("kimi-code")).toBe(
      `config models.providers.kimi-code.apiKey: is a placeholder from the docs, not a real key; replace it with your own key, ${KIMI_CODE}`,
    );

    // Without the shell's variable, moonshot's address is no endpoint onboarding knows: bare.
    const unmoved = await state.run(["doctor"]);
    expect(unmoved.stdout).toContain(
      keyHint("moonshot", "models.providers.moonshot.apiKey", "openclaw onboard"),
    );
  });
});
