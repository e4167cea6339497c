/**
 * `openclaw doctor` places a config problem as `config validate` does: its dotted path, file and
 * line, in the text (`path: message (file:line)`) and in `--json` (`where`, `path`, `file`,
 * `line`). It named the dotted path only. Runs the built CLI (`npm run build`).
 */
import { writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { freshState, MOONSHOT_KEY } from "../onboard/harness.js";

/** Written by hand so that each value's line is known: the fallback on 16, the alias on 17. */
function config(primary: string): string {
  return `{
  "models": {
    "providers": {
      "moonshot": {
        "baseUrl": "http://127.0.0.1:9/v1",
        "apiKey": "${MOONSHOT_KEY}",
        "api": "openai-completions",
        "models": [
          { "id": "kimi-k2.5", "name": "Kimi K2.5", "contextWindow": 256000, "maxTokens": 8192 }
        ]
      }
    }
  },
  "agents": {
    "defaults": {
      "model": { "primary": "${primary}", "fallbacks": ["moonshot/nope"] },
      "models": { "moonshot/also-nope": { "alias": "x" } }
    }
  }
}
`;
}

interface Placed {
  path: string;
  message: string;
  file: string;
  line: number;
}

interface DoctorFinding {
  check: string;
  level: string;
  message: string;
  where?: string;
  path?: string;
  file?: string;
  line?: number;
}

describe("doctor's config problems", () => {
  it("name the file and line config validate names, in the text and in --json", async () => {
    const state = freshState();
    writeFileSync(state.configPath, config("moonshot/kimi-k2.5"), { mode: 0o600 });
    const validate = JSON.parse((await state.run(["config", "validate", "--json"])).stdout) as {
      problems: Placed[];
      warnings: Placed[];
    };
    const placed = [...validate.problems, ...validate.warnings];
    expect(placed.map((item) => [item.path, item.line])).toEqual([
      ["agents.defaults.model.fallbacks[0]", 16],
      ['agents.defaults.models["moonshot/also-nope"]', 17],
    ]);

    const text = await state.run(["doctor"]);
    expect(text.code).toBe(1);
    const json = await state.run(["doctor", "--json"]);
    const findings = (JSON.parse(json.stdout) as { findings: DoctorFinding[] }).findings;
    for (const item of placed) {
      const written = `${state.configPath}:${item.line}`;
      expect(text.stdout.replace(/\s+/g, " ")).toContain(
        `config ${item.path}: ${item.message} (${written})`,
      );
      expect(findings).toContainEqual(
        expect.objectContaining({
          check: "config",
          where: written,
          path: item.path,
          file: state.configPath,
          line: item.line,
        }),
      );
    }
  });

  it("a default model the config names wrongly is placed at its line too", async () => {
    const state = freshState();
    writeFileSync(state.configPath, config("moonshot/nada"), { mode: 0o600 });
    const json = await state.run(["doctor", "--json"]);
    const findings = (JSON.parse(json.stdout) as { findings: DoctorFinding[] }).findings;
    expect(findings.find((item) => item.check === "model")).toMatchObject({
      level: "fail",
      where: `${state.configPath}:16`,
      path: "agents.defaults.model.primary",
      line: 16,
    });
    const text = await state.run(["doctor"]);
    expect(text.stdout.replace(/\s+/g, " ")).toContain(
      `the default model moonshot/nada cannot be used: unknown model "nada" for provider "moonshot" (${state.configPath}:16)`,
    );
  });
});
