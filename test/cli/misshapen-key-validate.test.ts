/**
 * A key written in the config the way no key is (in quote marks, as a `.env` line copied whole,
 * with a space inside): every request fails on it ("has a quote mark (") at its start or end"),
 * so `config validate` and doctor's config check warn about it at its file and line, as they do
 * about the docs' placeholder, instead of calling the file valid and saying nothing. Nothing is
 * sent: no simulator.
 */
import { writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { freshState } from "../onboard/harness.js";

/** The Moonshot page's config, shortened, with `key` as its env block's MOONSHOT_API_KEY. */
function snippet(key: string): string {
  return `{
  env: { MOONSHOT_API_KEY: ${JSON.stringify(key)} },
  agents: { defaults: { model: { primary: "moonshot/kimi-k2.5" } } },
  models: {
    mode: "merge",
    providers: {
      moonshot: {
        baseUrl: "https://api.moonshot.ai/v1",
        apiKey: "\${MOONSHOT_API_KEY}",
        api: "openai-completions",
        models: [{ id: "kimi-k2.5", name: "Kimi K2.5", reasoning: false, input: ["text"] }]
      }
    }
  }
}
`;
}

/** Obviously no real key: the warnings are about its quotes and its prefix, not its letters. */
const FAKE_KEY = "sk-fake-test-key-0000";

const CASES = [
  {
    name: "in quote marks",
    key: `"${FAKE_KEY}"`,
    message: 'has a quote mark (") at its start or end',
    hint: "remove the quote marks: they are not part of the key",
  },
  {
    name: "as a .env line copied whole",
    key: `MOONSHOT_API_KEY=${FAKE_KEY}`,
    message:
      'starts with "MOONSHOT_API_KEY=": that is the variable\'s assignment copied whole, not the key alone',
    hint: "keep only the key, without the MOONSHOT_API_KEY= before it",
  },
  {
    name: "with a space inside",
    key: "sk-abcdefghijklmnop qrstuvwxyz0123456789",
    message: "contains whitespace",
    hint: "copy the key again, without the space or line break inside it",
  },
] as const;

describe("a key in the config written the way no key is", () => {
  for (const { name, key, message, hint } of CASES) {
    it(`${name}: config validate and doctor warn at its line; agent refuses it`, async () => {
      const state = freshState({ NO_COLOR: "1", COLUMNS: "400" });
      writeFileSync(state.configPath, snippet(key));
      const validate = await state.run(["config", "validate", "--json"]);
      expect(validate.code).toBe(0);
      const report = JSON.parse(validate.stdout) as {
        valid: boolean;
        warnings: Array<{ path: string; message: string; hint: string; line: number | null }>;
      };
      expect(report.valid).toBe(true);
      expect(report.warnings).toContainEqual(
        expect.objectContaining({ path: "env.MOONSHOT_API_KEY", message, hint, line: 2 }),
      );
      const text = await state.run(["config", "validate"]);
      expect(text.stderr + text.stdout).toContain(
        `env.MOONSHOT_API_KEY: ${message} (${state.configPath}:2)`,
      );
      const doctor = await state.run(["doctor"]);
      expect(doctor.stdout).toContain(`config   env.MOONSHOT_API_KEY: ${message}`);
      // What the warning is about: the same key fails every request.
      const agent = await state.run(["agent", "-m", "hi"]);
      expect(agent.code).toBe(1);
      expect(agent.stderr).toContain(message);
      for (const result of [validate, text, doctor, agent]) {
        expect(result.stdout + result.stderr).not.toContain("abcdefghijklmnop");
      }
    });
  }

  it("a key with spaces only around it is taken as it is (trimmed): no warning", async () => {
    const state = freshState({ NO_COLOR: "1" });
    writeFileSync(state.configPath, snippet(` ${FAKE_KEY} `));
    const validate = await state.run(["config", "validate", "--json"]);
    expect(JSON.parse(validate.stdout).warnings).toEqual([]);
  });
});
