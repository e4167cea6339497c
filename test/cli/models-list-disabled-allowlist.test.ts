/**
 * Under an allowlist, `models list` leaves out the models only openclaw's built-in list has that
 * the allowlist refuses (ids the API may have retired): `--all` shows them. A provider disabled by
 * a problem in its settings listed them all the same, tagged `unusable: config`, so the list of a
 * config with a typo in moonshot's baseUrl grew by the retired K2 previews the person had never
 * named. Real CLI, no network: `models list` calls nothing.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

/** Merge mode (as onboarding writes it), moonshot's own list holds kimi-k2.5 alone. */
function stateWith(moonshotBaseUrl: string) {
  const dir = tempDir("openclaw-list-disabled-allowlist-");
  const config = {
    models: {
      providers: {
        moonshot: {
          baseUrl: moonshotBaseUrl,
          models: [{ id: "kimi-k2.5", name: "Kimi K2.5" }],
        },
      },
    },
    agents: {
      defaults: {
        model: { primary: "moonshot/kimi-k2.5" },
        models: { "moonshot/kimi-k2.5": { alias: "Kimi K2.5" } },
      },
    },
  };
  writeFileSync(join(dir, "openclaw.json"), JSON.stringify(config, null, 2));
  return { OPENCLAW_STATE_DIR: dir, HOME: dir, COLUMNS: "400" };
}

const refs = (stdout: string) => stdout.split("\n").filter((line) => line.startsWith("moonshot/"));

describe("models list, a disabled provider under an allowlist", () => {
  it("lists the models it lists while the provider works, the built-in-only ones left to --all", async () => {
    const working = await runCli(["models", "list", "--provider", "moonshot", "--plain"], {
      env: stateWith("http://127.0.0.1:9/v1"),
    });
    expect(working.code, working.stderr).toBe(0);
    expect(refs(working.stdout)).toEqual(["moonshot/kimi-k2.5"]);

    const env = stateWith("htp:/bad url");
    const broken = await runCli(["models", "list", "--provider", "moonshot", "--plain"], { env });
    expect(broken.code, broken.stderr).toBe(0);
    expect(refs(broken.stdout)).toEqual(["moonshot/kimi-k2.5"]);
    const table = await runCli(["models", "list"], { env });
    expect(table.stdout).not.toContain("kimi-k2-thinking");

    const all = await runCli(["models", "list", "--all", "--provider", "moonshot", "--plain"], {
      env,
    });
    expect(all.code, all.stderr).toBe(0);
    expect(refs(all.stdout)).toContain("moonshot/kimi-k2-thinking");
  });
});
