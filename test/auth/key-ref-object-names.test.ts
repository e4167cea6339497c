/**
 * A keyRef in auth-profiles.json names a variable; names that are also properties every object
 * has (`constructor`, `toString`, `__proto__`) are variables the shell does not set, not keys.
 * They used to end any command that looked the key up with "raw.trim is not a function" and
 * "this looks like a bug in openclaw".
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

function stateWithKeyRef(id: string): string {
  const state = tempDir();
  const agentDir = join(state, "agents", "main", "agent");
  mkdirSync(agentDir, { recursive: true });
  const store = {
    version: 1,
    profiles: {
      "moonshot:default": { type: "api_key", provider: "moonshot", keyRef: { source: "env", id } },
    },
  };
  writeFileSync(join(agentDir, "auth-profiles.json"), `${JSON.stringify(store, null, 2)}\n`, {
    mode: 0o600,
  });
  return state;
}

describe("a keyRef naming a property every object has", () => {
  for (const id of ["constructor", "toString", "__proto__"]) {
    it(`(${id}) is a variable that is not set`, async () => {
      const state = stateWithKeyRef(id);
      const result = await runCli(["models", "status", "--json"], {
        env: { OPENCLAW_STATE_DIR: state },
      });
      expect(result.stderr).not.toMatch(/bug in openclaw|is not a function/);
      const status = JSON.parse(result.stdout) as {
        providers: {
          provider: string;
          sources: { label: string; state: string; detail?: string }[];
        }[];
      };
      const moonshot = status.providers.find((entry) => entry.provider === "moonshot");
      const profile = moonshot?.sources.find((source) => source.label.includes("moonshot:default"));
      expect(profile).toMatchObject({
        state: "missing",
        detail: `refers to ${id}, which is not set`,
      });
    });
  }
});
