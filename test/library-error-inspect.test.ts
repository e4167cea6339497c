/**
 * What a program sees when it prints one of the library's errors (`console.log(error)`,
 * `console.error`, an uncaught rejection: util.inspect): the name and message, `code`, `hint`,
 * `where` and the fields of its cause that are set (a config file's `file` and `line`, a
 * provider's `status`), and `[cause]`. Before, it also showed the CLI's `exitCode: 1` and every
 * field left unset as `undefined` (`overflow`, `hint`, a config object's `file` and `line`, a
 * ProviderError's `traceId`, `accrued`, …), and a ModelRefError's inner `suggestedByName: Map(0)
 * {}` and `whereIsElsewhere: false`. The object itself keeps every field: spread, `in` and
 * JSON.stringify (its toJSON) give what they gave.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import {
  buildCatalog,
  ConfigError,
  isOpenClawError,
  loadConfig,
  loadConfigObject,
  ModelRefError,
  OpenClawError,
  openRuntime,
  ProviderError,
  resolveModel,
} from "../src/index.js";
import { withSimulator } from "./helpers/file-simulator.js";
import { simMoonshotConfig } from "./helpers/sim-moonshot-config.js";
import { thrownBy } from "./helpers/thrown.js";
import { tempDir } from "./helpers/tmp.js";
import type { Simulator } from "./simulator/index.js";

let sim: Simulator;
withSimulator((started) => {
  sim = started;
});

/** What util.inspect prints after the stack: the fields, one per line. */
function fieldsShown(error: unknown): string {
  const text = inspect(error);
  return text.slice(text.indexOf(" {\n"));
}

/** Nothing printed is unset or the CLI's own. */
function expectNoNoise(error: unknown): void {
  const fields = fieldsShown(error);
  expect(fields).not.toContain("undefined");
  expect(fields).not.toContain("exitCode");
}

describe("util.inspect of the library's errors", () => {
  it("a config object's mistake: code, hint, where and issues; no file or line it does not have", () => {
    const error = thrownBy(() => loadConfigObject({ models: { providers: { x: 5 } } }));
    expect(error).toBeInstanceOf(ConfigError);
    const shown = inspect(error);
    expect(shown).toMatch(/^ConfigError: invalid config: models\.providers\.x: expected an object/);
    const fields = fieldsShown(error);
    expect(fields).toContain("code: 'config.invalid'");
    expect(fields).toContain("hint: 'fix models.providers.x'");
    expect(fields).toContain("where: 'models.providers.x'");
    expect(fields).toContain("issues: [");
    expect(fields).not.toMatch(/\b(file|line|overflow):/);
    expectNoNoise(error);
  });

  it("a config file's mistake shows its file and line", () => {
    const path = join(tempDir("l-err-inspect-"), "openclaw.json");
    writeFileSync(path, "{\n  models: { providers: { x: 5 } },\n}\n");
    const error = thrownBy(() => loadConfig({ path, env: {} }));
    expect(error).toBeInstanceOf(ConfigError);
    const fields = fieldsShown(error);
    expect(fields).toContain(`file: '${path}'`);
    expect(fields).toContain("line: 2");
    expectNoNoise(error);
  });

  it("a model that names nothing: its suggestions, not openclaw's inner wording fields", () => {
    const error = thrownBy(() =>
      resolveModel(buildCatalog(loadConfigObject({})), "moonshot/kimi-k9"),
    );
    expect(error).toBeInstanceOf(ModelRefError);
    const fields = fieldsShown(error);
    expect(fields).toContain("code: 'model.unknown'");
    expect(fields).toContain("suggestions: [ 'moonshot/kimi-k2.5' ]");
    expect(fields).not.toContain("suggestedByName");
    expect(fields).not.toContain("whereIsElsewhere");
    expectNoNoise(error);
  });

  it("a provider's refusal over a real socket: its status and hint, no unset fields", async () => {
    const config = simMoonshotConfig(sim.moonshotBaseUrl, "moonshot/kimi-k2.5");
    const provider = config.models.providers.moonshot;
    if (provider) provider.apiKey = "sk-test-a1";
    const { runtime } = openRuntime({ config, env: { OPENCLAW_STATE_DIR: tempDir("l-err-") } });
    const error = await runtime
      .complete({ request: { messages: [{ role: "user", content: "hi" }] } })
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(error).toBeInstanceOf(ProviderError);
    const fields = fieldsShown(error);
    expect(fields).toContain("code: 'provider.auth'");
    expect(fields).toContain("status: 401");
    expect(fields).toMatch(/hint: '/);
    expectNoNoise(error);
  });

  it("shows the cause, and keeps every field on the object", () => {
    const cause = new Error("disk full");
    const error = new OpenClawError("fs.unwritable", "could not save the config", { cause });
    expect(inspect(error)).toContain("[cause]: Error: disk full");
    expectNoNoise(error);
    // The object is unchanged: spread and `in` see every field, JSON its toJSON's keys.
    expect(isOpenClawError(error)).toBe(true);
    expect({ ...error }).toMatchObject({ code: "fs.unwritable", exitCode: 1 });
    expect("overflow" in error && "hint" in error).toBe(true);
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      code: "fs.unwritable",
      message: "could not save the config",
      where: null,
      hint: null,
    });
  });

  it("nested deeper than inspect's depth, stays a short [name]", () => {
    const error = new OpenClawError("usage", "bad flag");
    expect(inspect({ a: { b: { c: error } } })).toBe("{ a: { b: { c: [OpenClawError] } } }");
  });
});
