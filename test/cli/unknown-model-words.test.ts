/**
 * A model id openclaw does not know, typed bare (`kimi-k2.6`) or as a ref (`moonshot/kimi-k2.6`),
 * is the same mistake: every command that takes a model says the same kind of thing for both, the
 * closest model the config can use and how to add the new one to its provider. Before, the bare
 * id was offered moonshot-cn's copy first (a provider not set up) and pointed at `models list` and
 * `models scan`, while the ref got "did you mean" and `models scan --provider moonshot --add`.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempFiles } from "../helpers/tmp.js";

// Only moonshot is set up; nothing here sends a request (the base URL is never called).
const CONFIG = `{
  models: { providers: { moonshot: { apiKey: "sk-not-used", baseUrl: "http://127.0.0.1:9/v1" } } },
  agents: { defaults: { model: { primary: "moonshot/kimi-k2.5" } } },
}
`;

const FIX =
  'hint: did you mean "moonshot/kimi-k2.5"? If "kimi-k2.6" is a new model of moonshot, add it under models.providers.moonshot.models, or run: openclaw models scan --provider moonshot --add';

const COMMANDS: [string, (model: string) => string[]][] = [
  ["models set", (model) => ["models", "set", model]],
  ["models fallbacks add", (model) => ["models", "fallbacks", "add", model]],
  ["models aliases add", (model) => ["models", "aliases", "add", "k26", model]],
  ["agent --model", (model) => ["agent", "--model", model, "-m", "hi"]],
];

describe("an unknown model id, bare or as a ref", () => {
  for (const [command, args] of COMMANDS) {
    it(`${command}: the same closest model and the same fix for both forms`, async () => {
      const dir = tempFiles({ "openclaw.json": CONFIG });
      const env = { OPENCLAW_STATE_DIR: dir, HOME: dir, COLUMNS: "400" };
      const bare = await runCli(args("kimi-k2.6"), { env });
      const ref = await runCli(args("moonshot/kimi-k2.6"), { env });
      expect(bare.code).toBe(2);
      expect(ref.code).toBe(2);
      expect(bare.stderr).toContain(
        'error: unknown model or alias "kimi-k2.6" (closest: moonshot/kimi-k2.5)\n',
      );
      expect(ref.stderr).toContain(
        'error: unknown model "kimi-k2.6" for provider "moonshot" (closest: moonshot/kimi-k2.5)\n',
      );
      expect(bare.stderr).toContain(`${FIX}\n`);
      expect(ref.stderr).toContain(`${FIX}\n`);
    });
  }

  it("chat's /model says it as --model does", async () => {
    const dir = tempFiles({ "openclaw.json": CONFIG });
    const env = { OPENCLAW_STATE_DIR: dir, HOME: dir, COLUMNS: "400" };
    const chat = await runCli(["chat"], { env, input: "/model kimi-k2.6\n" });
    expect(chat.stderr).toContain(
      'error: unknown model or alias "kimi-k2.6" (closest: moonshot/kimi-k2.5)\n',
    );
    expect(chat.stderr).toContain(`${FIX}\n`);
  });

  it("a display name with a space gets the closest model and the alias command, not a new model's fix", async () => {
    const dir = tempFiles({ "openclaw.json": CONFIG });
    const env = { OPENCLAW_STATE_DIR: dir, HOME: dir, COLUMNS: "400" };
    const result = await runCli(["models", "set", "Kimi K2.6"], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).not.toContain("is a new model");
    expect(result.stderr).toContain(
      `hint: did you mean "moonshot/kimi-k2.5"? Name the model by its ref ("provider/model"), or make the name an alias: openclaw models aliases add "Kimi K2.6" <provider/model>; see the models you can use with: openclaw models list\n`,
    );
  });

  it("a name like no model still gets the provider's fix and where to see the models", async () => {
    const dir = tempFiles({ "openclaw.json": CONFIG });
    const env = { OPENCLAW_STATE_DIR: dir, HOME: dir, COLUMNS: "400" };
    const result = await runCli(["models", "set", "zzzzqq"], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'hint: if "zzzzqq" is a new model of moonshot, add it under models.providers.moonshot.models, or run: openclaw models scan --provider moonshot --add; see the models you can use with: openclaw models list\n',
    );
  });
});
