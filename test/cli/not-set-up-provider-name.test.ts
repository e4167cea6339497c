/**
 * "Kimi Code" (the alias onboarding Kimi Code gives kimi-code/kimi-for-coding) or "Kimi For
 * Coding" with only Moonshot onboarded: the provider is in openclaw's built-in list, not in the
 * config. Before, `agent` said only 'unknown model or alias "Kimi Code"' and to see `models list`,
 * which does not show it: no ref, no way on. Now the ref and the command that sets Kimi Code up,
 * which done, makes the name work. The library, given a config object, says what to add to it.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { OpenClawError } from "../../src/errors.js";
import { openRuntime } from "../../src/runtime/index.js";
import { runCli } from "../helpers/cli.js";
import { onboardWithKey } from "../helpers/onboard-args.js";
import { tempDir } from "../helpers/tmp.js";

/** What `onboard --auth-choice moonshot-api-key` leaves: Moonshot, its alias, the allowlist. */
const MOONSHOT_ONLY = {
  env: { MOONSHOT_API_KEY: "sk-fake-abc-01" },
  agents: {
    defaults: {
      model: { primary: "moonshot/kimi-k2.5" },
      models: { "moonshot/kimi-k2.5": { alias: "Kimi K2.5" } },
    },
  },
};

function moonshotOnlyState(config: object = MOONSHOT_ONLY): Record<string, string> {
  const stateDir = tempDir();
  writeFileSync(path.join(stateDir, "openclaw.json"), JSON.stringify(config, null, 2));
  return { OPENCLAW_STATE_DIR: stateDir, OPENCLAW_HOME: stateDir };
}

const ONBOARD_HINT =
  'is kimi-code/kimi-for-coding, a model of provider kimi-code, which your config does not set up yet: run: openclaw onboard --auth-choice kimi-code-api-key, which stores its key, adds kimi-code/kimi-for-coding with the alias "Kimi Code" and makes it the default model in place of moonshot/kimi-k2.5 (openclaw models set moonshot/kimi-k2.5 puts that back)';

describe("a name of a model whose built-in provider is not set up", () => {
  it("agent names the ref and the onboard command; done as it says, the name works", async () => {
    const env = moonshotOnlyState();
    const text = await runCli(["agent", "--model", "Kimi Code", "-m", "hi"], { env });
    // A model argument that names nothing: a usage error, exit 2, as for any unknown name.
    expect(text.code).toBe(2);
    expect(text.stderr).toContain(
      'error: unknown model or alias "Kimi Code" (closest: kimi-code/kimi-for-coding)',
    );
    expect(text.stderr).toContain(`hint: "Kimi Code" ${ONBOARD_HINT}`);

    const json = await runCli(["agent", "--model", "Kimi For Coding", "-m", "hi", "--json"], {
      env,
    });
    expect(json.code).toBe(2);
    const error = (JSON.parse(json.stdout) as { error: { code: string; hint: string } }).error;
    expect(error.code).toBe("model.unknown");
    // Not "a provider may have retired it": Kimi Code was never set up.
    expect(error.hint).toBe(`"Kimi For Coding" ${ONBOARD_HINT}`);

    const onboard = await runCli(
      onboardWithKey("kimi-code-api-key", "sk-kimi-fake-01", "--skip-health"),
      { env },
    );
    expect(onboard.code).toBe(0);
    // As the hint said: the name is now the model's alias, and the model the default...
    const status = async () =>
      JSON.parse((await runCli(["models", "status", "--json"], { env })).stdout) as {
        default: string;
        aliases: { alias: string; ref: string }[];
      };
    const onboarded = await status();
    expect(onboarded.default).toBe("kimi-code/kimi-for-coding");
    expect(onboarded.aliases).toContainEqual({
      alias: "Kimi Code",
      ref: "kimi-code/kimi-for-coding",
    });
    // ...which the command it gave puts back.
    expect((await runCli(["models", "set", "moonshot/kimi-k2.5"], { env })).code).toBe(0);
    expect((await status()).default).toBe("moonshot/kimi-k2.5");
  });

  it("chat says the same before its prompt, the default named by its ref when written as an alias", async () => {
    // `primary: "Kimi K2.5"`: `openclaw models set Kimi K2.5` would not run as typed.
    const byAlias = {
      ...MOONSHOT_ONLY,
      agents: {
        defaults: { ...MOONSHOT_ONLY.agents.defaults, model: { primary: "Kimi K2.5" } },
      },
    };
    const chat = await runCli(["chat", "--model", "kimi code"], {
      env: moonshotOnlyState(byAlias),
    });
    expect(chat.code).toBe(2);
    expect(chat.stderr).toContain(`"kimi code" ${ONBOARD_HINT}`);
  });

  it("the library, given a config object, says what to add to that object", async () => {
    const { runtime } = openRuntime({ config: MOONSHOT_ONLY, env: {} });
    const error = await runtime
      .complete({ model: "Kimi Code", request: { messages: [{ role: "user", content: "hi" }] } })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(OpenClawError);
    expect((error as OpenClawError).code).toBe("model.unknown");
    expect((error as OpenClawError).hint).toBe(
      '"Kimi Code" is kimi-code/kimi-for-coding, a model of provider kimi-code, which the config object given does not set up: add "kimi-code/kimi-for-coding": { alias: "Kimi Code" } under agents.defaults.models, and give kimi-code a key ($KIMICODE_API_KEY, or its apiKey under models.providers.kimi-code), in the config object given, then open the runtime (or start the gateway) again with it',
    );
  });
});
