/**
 * A model of an `api: "anthropic-messages"` provider (Kimi Code's Anthropic surface) whose `input`
 * lists "video": Anthropic's Messages format has no video block, so the runtime refuses a video
 * for it. Before, `config validate` and `doctor` called such a config valid without a word, and
 * the first anyone heard of it was a refused request. Now both warn (exit 0 for validate: text and
 * images still work) at the file, line and dotted path of that input, with the edit that mends it,
 * which is run here as pasted; the gateway's start says it as a problem, as it says a model's
 * params that cannot work.
 */
import { writeFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import {
  gatewayEnv,
  killGatewayProcesses,
  startGatewayReported,
} from "../helpers/gateway-process.js";
import { runInPlainShell } from "../helpers/plain-shell.js";
import { freshState } from "../onboard/harness.js";

const PATH = "models.providers.kimi-coding.models[0].input";

/** The provider page's Kimi Code over Anthropic config, its model said to take video. */
function anthropicConfigWithVideo(api: string): string {
  return `{
  agents: { defaults: { model: { primary: "kimi-coding/kimi-for-coding" } } },
  models: {
    mode: "merge",
    providers: {
      "kimi-coding": {
        baseUrl: "http://127.0.0.1:9/coding",
        apiKey: "sk-fake-test-key-0001",
        api: "${api}",
        headers: { "User-Agent": "KimiCLI/0.77" },
        models: [
          { id: "kimi-for-coding", name: "Kimi For Coding", input: ["text", "image", "video"] },
        ],
      },
    },
  },
}
`;
}

const unwrapped = (text: string) => text.replace(/\n\s+/g, " ");

describe('"video" in the input of an anthropic-messages model', () => {
  afterEach(killGatewayProcesses);

  it("config validate warns at its file, line and path, and its edit takes the video out", async () => {
    const state = freshState();
    writeFileSync(state.configPath, anthropicConfigWithVideo("anthropic-messages"));
    const result = await state.run(["config", "validate"]);
    expect(result.code).toBe(0);
    const said = unwrapped(result.stdout + result.stderr);
    expect(said).toContain(
      `! ${PATH}: lists "video", but provider kimi-coding is called over Anthropic's Messages format (api "anthropic-messages"), which takes no video parts: a request with a video for kimi-coding/kimi-for-coding is refused (${state.configPath}:12)`,
    );
    const hint =
      /hint: remove "video" from it: (openclaw config set .*?); or, to send kimi-coding\/kimi-for-coding a video, use an OpenAI-format provider for it \(api "openai-completions"/.exec(
        said,
      );
    expect(hint, said).not.toBeNull();
    expect(said).toContain("(1 provider configured, 1 warning)");

    await runInPlainShell(`OPENCLAW_STATE_DIR='${state.dir}' ${hint?.[1] ?? ""}`, state.dir);
    const saved = state.config() as {
      models: { providers: Record<string, { models: { input: string[] }[] }> };
    };
    expect(saved.models.providers["kimi-coding"]?.models[0]?.input).toEqual(["text", "image"]);
    const again = await state.run(["config", "validate"]);
    expect(again.code).toBe(0);
    expect(again.stdout + again.stderr).not.toContain('lists "video"');
  });

  it("doctor says it too; an openai-completions provider's video is no warning", async () => {
    const state = freshState();
    writeFileSync(state.configPath, anthropicConfigWithVideo("anthropic-messages"));
    const doctor = await state.run(["doctor"]);
    expect(unwrapped(doctor.stdout + doctor.stderr).replace(/ +/g, " ")).toContain(
      `! config ${PATH}: lists "video", but provider kimi-coding is called over Anthropic's Messages format`,
    );

    writeFileSync(state.configPath, anthropicConfigWithVideo("openai-completions"));
    const validate = await state.run(["config", "validate"]);
    expect(validate.code).toBe(0);
    expect(validate.stdout + validate.stderr).not.toContain('lists "video"');
  });

  it("the gateway's start says it as a problem, with the edit for its config file", async () => {
    const state = freshState();
    writeFileSync(state.configPath, anthropicConfigWithVideo("anthropic-messages"));
    const env = gatewayEnv(state.dir, {
      moonshot: "sk-fake-test-key-0001",
      kimiCode: "sk-kimi-fake-test-key-0001",
    });
    const gateway = await startGatewayReported(env, 30_000);
    const said = unwrapped(gateway.stderr());
    expect(said).toContain(
      `problem: ${PATH}: lists "video", but provider kimi-coding is called over Anthropic's Messages format (api "anthropic-messages"), which takes no video parts: a request with a video for kimi-coding/kimi-for-coding is refused (${state.configPath}:12)`,
    );
    expect(said).toContain(
      `hint: remove "video" from it: OPENCLAW_STATE_DIR=${state.dir} openclaw config set '${PATH}' '["text","image"]'`,
    );
  });
});
