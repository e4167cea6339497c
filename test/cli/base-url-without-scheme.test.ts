/**
 * A base URL typed without its scheme, as a page that shows the host alone invites
 * (`api.moonshot.cn/v1`): the hint gives that URL with its scheme, instead of an example of
 * another endpoint ("https://api.moonshot.ai/v1" to someone setting up the China one). A value
 * that is no host, or another host alone, keeps the example.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

const CONFIG = `{
  models: {
    providers: {
      moonshot: {
        baseUrl: "https://api.moonshot.ai/v1",
        api: "openai-completions",
        models: [{ id: "kimi-k2.5", name: "Kimi K2.5" }],
      },
    },
  },
}
`;

function stateDir(config: string): string {
  const dir = tempDir();
  writeFileSync(path.join(dir, "openclaw.json"), config, { mode: 0o600 });
  return dir;
}

async function setBaseUrl(value: string) {
  const dir = stateDir(CONFIG);
  return runCli(["config", "set", "models.providers.moonshot.baseUrl", value], {
    env: { OPENCLAW_STATE_DIR: dir },
  });
}

describe("a base URL without its scheme", () => {
  it.for([
    ["api.moonshot.cn/v1", "https://api.moonshot.cn/v1"],
    ["api.moonshot.cn", "https://api.moonshot.cn/v1"],
    ["api.kimi.com", "https://api.kimi.com/coding/v1"],
    ["127.0.0.1:8000/v1", "http://127.0.0.1:8000/v1"],
  ])("config set %s: the hint gives %s", async ([value, meant]) => {
    const result = await setBaseUrl(value as string);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `hint: write the URL with its scheme: "${meant}"; nothing was written\n`,
    );
  });

  it("config validate on a file gives the URL with its scheme", async () => {
    const dir = stateDir(CONFIG.replace("https://api.moonshot.ai/v1", "api.moonshot.cn/v1"));
    const result = await runCli(["config", "validate"], { env: { OPENCLAW_STATE_DIR: dir } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'hint: write the URL with its scheme: "https://api.moonshot.cn/v1"',
    );
    expect(result.stderr).not.toContain("api.moonshot.ai");
  });

  it("a value that is no host, or another host alone, keeps the example", async () => {
    for (const value of ["moonshot", "api.example.com"]) {
      const result = await setBaseUrl(value);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(
        'hint: write the full URL, for example "https://api.moonshot.ai/v1"',
      );
    }
  });
});
