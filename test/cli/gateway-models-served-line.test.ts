/**
 * `openclaw gateway`'s start-up count of the configured models, for the spec's config whose K2
 * previews and kimi-k2-thinking* the provider no longer lists: the count is said before the list
 * is asked, so it must not call them usable when the warning after it says the key cannot use
 * them. The built CLI (`npm run build` first), its own process, against the simulator.
 */
import { describe, expect, it } from "vitest";
import { useBuiltGatewaySuite } from "../helpers/built-gateway-suite.js";
import { startGatewayProcess } from "../helpers/gateway-process.js";
import { eventually } from "../helpers/wait.js";

const suite = useBuiltGatewaySuite();

const specModels = [
  "kimi-k2.5",
  "kimi-k2-0905-preview",
  "kimi-k2-turbo-preview",
  "kimi-k2-thinking",
  "kimi-k2-thinking-turbo",
];

describe("the gateway's models line, with models the provider's list lacks", () => {
  it("counts the models it serves without calling those the warning names usable", async () => {
    const state = suite.stateDir("openclaw-gw-served-", {
      agents: { defaults: { model: { primary: "moonshot/kimi-k2.5" } } },
      models: {
        mode: "merge",
        providers: {
          moonshot: {
            baseUrl: suite.sim.moonshotBaseUrl,
            apiKey: "${MOONSHOT_API_KEY}",
            api: "openai-completions",
            models: specModels.map((id) => ({ id, name: id, contextWindow: 256000 })),
          },
        },
      },
    });
    // Moonshot's key only: the built-in kimi-code provider would be served too with its key.
    const gateway = await startGatewayProcess({ ...state.env, KIMICODE_API_KEY: undefined });
    await eventually(
      () => gateway.stderr().includes("not in the models your key can use"),
      20_000,
      "the warning for the models moonshot's list lacks",
    );
    const stderr = gateway.stderr();
    expect(stderr).toMatch(/^models: 5 served \(moonshot\)$/m);
    expect(stderr).not.toMatch(/^models: .*usable/m);
  });
});
