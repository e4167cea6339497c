/**
 * A config with hundreds of problems, split over the main file and an included one: doctor and
 * config validate name each problem's own file and line. The files are read once for all the
 * problems, not once per problem, so every place must still come from the right file's text.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { freshState, type StateDir } from "../onboard/harness.js";

const ALIASES = 300;
const PROVIDERS = 200;

/** A main file of bad aliases, one to a line, including a file of providers one to a line. */
function manyProblems(state: StateDir): { main: string; included: string } {
  const main = ["{", '  $include: "./providers.json5",', "  agents: { defaults: { models: {"];
  for (let n = 0; n < ALIASES; n++) main.push(`    "moonshot/m${n}": { alias: "a/b${n}" },`);
  main.push("  } } },", "}", "");
  const included = ["{", "  models: { providers: {"];
  for (let n = 0; n < PROVIDERS; n++)
    included.push(
      `    p${n}: { baseUrl: "\${MISSING_${n}}", api: "openai-responses", models: [] },`,
    );
  included.push("  } },", "}", "");
  writeFileSync(state.configPath, main.join("\n"));
  const includedPath = join(state.dir, "providers.json5");
  writeFileSync(includedPath, included.join("\n"));
  return { main: state.configPath, included: includedPath };
}

/** The line of alias `n` in the main file and of provider `n` in the included one. */
const aliasLine = (n: number) => 4 + n;
const providerLine = (n: number) => 3 + n;

interface Finding {
  level: string;
  message: string;
  hint?: string;
  where?: string;
}

describe("hundreds of problems in two files, as doctor and config validate place them", () => {
  it("doctor names each bad alias, unsupported api and unset variable at its own file:line", async () => {
    const state = freshState();
    const files = manyProblems(state);
    const result = await state.run(["doctor", "--json"]);
    const findings = (JSON.parse(result.stdout) as { findings: Finding[] }).findings;

    const byMessage = (part: string) =>
      findings.filter((finding) => finding.message.includes(part));
    for (let n = 0; n < ALIASES; n++) {
      const [alias] = byMessage(`alias "a/b${n}" is not usable`);
      expect(alias?.where).toBe(`${files.main}:${aliasLine(n)}`);
      expect(alias?.message).toContain(`(${files.main}:${aliasLine(n)})`);
    }
    for (let n = 0; n < PROVIDERS; n++) {
      const [api] = byMessage(`every request to p${n}'s models fails`);
      expect(api?.where).toBe(`${files.included}:${providerLine(n)}`);
      expect(api?.message).toContain(`(${files.included}:${providerLine(n)})`);
      const [unset] = byMessage(`models.providers.p${n}.baseUrl: uses MISSING_${n},`);
      expect(unset?.message).toContain(`(${files.included}:${providerLine(n)})`);
    }
    expect(result.code).toBe(1);
  });

  it("config validate --json gives each problem its file and line", async () => {
    const state = freshState();
    const files = manyProblems(state);
    const result = await state.run(["config", "validate", "--json"]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as {
      problems: { path: string; file?: string; line?: number }[];
      warnings: { path: string; file?: string; line?: number }[];
    };
    const at = (list: typeof report.problems, path: string) =>
      list.find((entry) => entry.path === path);
    for (let n = 0; n < ALIASES; n++)
      expect(at(report.problems, `agents.defaults.models["moonshot/m${n}"].alias`)).toMatchObject({
        file: files.main,
        line: aliasLine(n),
      });
    for (let n = 0; n < PROVIDERS; n++) {
      expect(at(report.problems, `models.providers.p${n}.api`)).toMatchObject({
        file: files.included,
        line: providerLine(n),
      });
      expect(at(report.warnings, `models.providers.p${n}.baseUrl`)).toMatchObject({
        file: files.included,
        line: providerLine(n),
      });
    }
  });
});
