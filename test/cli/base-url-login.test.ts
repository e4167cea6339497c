/**
 * A base URL's login (`user:password@`) goes as `Authorization: Basic` only when no other
 * `Authorization` does. Where the key's Bearer or a configured Authorization displaces it,
 * `config validate` and doctor warn at its file:line, never showing the password. Runs the built
 * CLI (`npm run build`).
 */
import { writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { freshState } from "../onboard/harness.js";

const PASSWORD = "hunter2hunter2";

function config(provider: Record<string, unknown>): string {
  return `${JSON.stringify(
    {
      models: {
        providers: {
          proxy: {
            baseUrl: `http://gw:${PASSWORD}@127.0.0.1:9/v1`,
            api: "openai-completions",
            models: [{ id: "m1", name: "m1" }],
            ...provider,
          },
        },
      },
    },
    null,
    2,
  )}\n`;
}

interface Warning {
  path: string;
  message: string;
  file: string;
  line: number;
  hint: string;
}

describe("a base URL with a login", () => {
  it("warns at file:line when the key would be sent instead, naming authHeader: false as the way to send it", async () => {
    const state = freshState();
    writeFileSync(state.configPath, config({ apiKey: "sk-loginwarn00000000000001" }));
    const json = await state.run(["config", "validate", "--json"]);
    expect(json.code).toBe(0);
    const { warnings } = JSON.parse(json.stdout) as { warnings: Warning[] };
    expect(warnings).toEqual([
      {
        path: "models.providers.proxy.baseUrl",
        message:
          "the login in the URL (user:password@) is not sent when a key is found for the provider: the key goes as Authorization: Bearer, and a request carries one",
        file: state.configPath,
        line: 5,
        hint: "to send the login (as Authorization: Basic) and no key, set models.providers.proxy.authHeader to false; else remove the login from the URL",
      },
    ]);
    const doctor = await state.run(["doctor"]);
    expect(doctor.stdout).toContain("the login in the URL (user:password@) is not sent");
    for (const result of [json, doctor]) {
      expect(result.stdout + result.stderr).not.toContain(PASSWORD);
    }
  });

  it("warns when a configured Authorization header is sent instead", async () => {
    const state = freshState();
    writeFileSync(
      state.configPath,
      config({ authHeader: false, headers: { Authorization: "Bearer ${PROXY_TOKEN}" } }),
    );
    const json = await state.run(["config", "validate", "--json"], { PROXY_TOKEN: "t" });
    const { warnings } = JSON.parse(json.stdout) as { warnings: Warning[] };
    expect(warnings.map((warning) => warning.message)).toEqual([
      "the login in the URL (user:password@) is not sent: the Authorization in the provider's headers is, and a request carries one",
    ]);
  });

  it("says nothing when the login is what is sent (authHeader: false, no Authorization header)", async () => {
    const state = freshState();
    writeFileSync(state.configPath, config({ authHeader: false }));
    const json = await state.run(["config", "validate", "--json"]);
    expect(json.code).toBe(0);
    expect((JSON.parse(json.stdout) as { warnings: Warning[] }).warnings).toEqual([]);
  });
});
