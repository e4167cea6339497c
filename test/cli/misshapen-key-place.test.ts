/**
 * A key copied wrong that a run reads from a variable of the environment (the config writes no
 * key): the error's `at` (`where` in --json) named models.providers.moonshot.apiKey, which holds
 * nothing, and the hint ended "set one of: …, $MOONSHOT_API_KEY", the very variable to fix. It
 * names the variable now and leaves it out of the places to set; likewise a stored profile holding
 * one (named by its id, masked when it is key-shaped, with the file and line of its key, as a key
 * written in the config is named by its line; before, the profile's id alone). The key is never
 * shown.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { describe, expect, it } from "vitest";
import { freshState, type StateDir } from "../onboard/harness.js";

const KEY = "sk-fake-test-key-0001";
const unwrapped = (text: string) => text.replace(/\n\s+/g, " ");

/** A config whose default model is Moonshot's built-in one, with these lines before it. */
function stateWith(lines: string[] = []): StateDir {
  const state = freshState();
  writeFileSync(
    state.configPath,
    [
      "{",
      ...lines,
      '  agents: { defaults: { model: { primary: "moonshot/kimi-k2.5" } } },',
      "}",
      "",
    ].join("\n"),
  );
  return state;
}

/**
 * The credential store holding these api-key profiles (id → key; the provider is the id's part
 * before the colon), written as openclaw writes it, one field a line.
 */
function storeProfiles(state: StateDir, keys: Record<string, string>): void {
  const profiles = Object.fromEntries(
    Object.entries(keys).map(([id, key]) => [
      id,
      { type: "api_key", provider: id.split(":")[0], key },
    ]),
  );
  mkdirSync(dirname(state.storePath), { recursive: true });
  writeFileSync(state.storePath, `${JSON.stringify({ version: 1, profiles }, null, 2)}\n`);
}

/** The number of the store's line that holds `value` (1-based). */
function storeLineOf(state: StateDir, value: string): number {
  const lines = readFileSync(state.storePath, "utf8").split("\n");
  return lines.findIndex((line) => line.includes(value)) + 1;
}

interface AgentFailure {
  error: { code: string; where: string | null; hint: string };
}

describe("a key copied wrong is located where it is", () => {
  it('"Bearer …" in $MOONSHOT_API_KEY: at the variable, whose fix is not to set it again', async () => {
    const state = stateWith();
    const env = { MOONSHOT_API_KEY: `Bearer ${KEY}` };
    const run = await state.run(["agent", "-m", "hi"], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("\n  at $MOONSHOT_API_KEY\n");
    const said = unwrapped(run.stderr);
    expect(said).toContain(
      'hint: keep only the key at $MOONSHOT_API_KEY (in the environment), without the "Bearer " before it; or set auth profile "moonshot:default"; or run: openclaw onboard --auth-choice moonshot-api-key\n',
    );
    expect(said).not.toContain("models.providers.moonshot.apiKey");
    expect(run.stderr + run.stdout).not.toContain(KEY);

    const json = await state.run(["agent", "-m", "hi", "--json"], env);
    expect(json.code).toBe(1);
    const failure = JSON.parse(json.stdout) as AgentFailure;
    expect(failure.error.where).toBe("$MOONSHOT_API_KEY");
    expect(failure.error.hint).not.toContain("$MOONSHOT_API_KEY;");
    expect(json.stdout).not.toContain(KEY);
  });

  it("a key in quote marks in $MOONSHOT_API_KEY read by the config's apiKey: the variable too", async () => {
    const state = stateWith([
      '  models: { providers: { moonshot: { apiKey: "${MOONSHOT_API_KEY}" } } },',
    ]);
    const json = await state.run(["agent", "-m", "hi", "--json"], {
      MOONSHOT_API_KEY: `"${KEY}"`,
    });
    expect(json.code).toBe(1);
    const failure = JSON.parse(json.stdout) as AgentFailure;
    expect(failure.error.where).toBe("$MOONSHOT_API_KEY");
    expect(failure.error.hint).toContain(
      "remove the quote marks around the key at $MOONSHOT_API_KEY (in the environment)",
    );
    expect(failure.error.hint).not.toMatch(/set one of: [^;]*\$MOONSHOT_API_KEY[,;]/);
    expect(json.stdout).not.toContain(KEY);
  });

  it("the same key written in the config's apiKey: at that line, as before", async () => {
    const state = stateWith([
      `  models: { providers: { moonshot: { apiKey: "Bearer ${KEY}" } } },`,
    ]);
    const run = await state.run(["agent", "-m", "hi"]);
    expect(run.code).toBe(1);
    const said = unwrapped(run.stderr);
    expect(said).toContain(
      `hint: keep only the key at models.providers.moonshot.apiKey (${state.configPath}:2), without the "Bearer " before it; or set one of: auth profile "moonshot:default", $MOONSHOT_API_KEY; or run:`,
    );
    expect(run.stderr).not.toContain(KEY);
    const json = await state.run(["agent", "-m", "hi", "--json"]);
    expect((JSON.parse(json.stdout) as AgentFailure).error.where).toBe(`${state.configPath}:2`);
  });

  it('"Bearer …" in the stored profile: at that profile\'s key line, and the variable is what is left to set', async () => {
    const state = stateWith();
    storeProfiles(state, { "moonshot:default": `Bearer ${KEY}` });
    const at = `${state.storePath}:${storeLineOf(state, '"key"')}`;
    expect(at).toBe(`${state.storePath}:7`);
    const run = await state.run(["agent", "-m", "hi"]);
    expect(run.code).toBe(1);
    expect(unwrapped(run.stderr)).toContain(
      `hint: keep only the key at auth profile "moonshot:default" (${at}), without the "Bearer " before it; or set $MOONSHOT_API_KEY; or run: openclaw onboard --auth-choice moonshot-api-key\n`,
    );
    expect(run.stderr).not.toContain(KEY);
    const json = await state.run(["agent", "-m", "hi", "--json"]);
    expect((JSON.parse(json.stdout) as AgentFailure).error.where).toBe(at);

    // The variable copied wrong too: nothing is left to set, onboard is the other way.
    const both = await state.run(["agent", "-m", "hi"], { MOONSHOT_API_KEY: `"${KEY}"` });
    expect(unwrapped(both.stderr)).toContain(
      `hint: keep only the key at auth profile "moonshot:default" (${at}), without the "Bearer " before it; remove the quote marks around the key at $MOONSHOT_API_KEY (in the environment): they are not part of it; or run: openclaw onboard --auth-choice moonshot-api-key\n`,
    );
    expect(both.stderr).not.toContain(KEY);
  });

  it('a key shown shortened ("…") in the second profile of the store: the error, doctor, models status and models scan name its key\'s line', async () => {
    const state = stateWith();
    const shortened = "sk-fake…0001";
    storeProfiles(state, {
      "kimi-code:default": "sk-kimi-test-0001",
      "moonshot:default": shortened,
    });
    const line = storeLineOf(state, shortened);
    expect(line).toBe(12);
    const at = `${state.storePath}:${line}`;
    const run = await state.run(["agent", "-m", "hi"]);
    expect(run.code).toBe(1);
    const said = unwrapped(run.stderr);
    expect(said).toContain(
      `error: no usable API key for provider "moonshot": profile moonshot:default: has "…" in it: that is a key shown shortened, not the key itself (${at})`,
    );
    expect(said).toContain(
      `hint: copy the whole key again into auth profile "moonshot:default" (${at}), as the provider's console shows it;`,
    );
    const doctor = await state.run(["doctor"]);
    expect(unwrapped(doctor.stdout + doctor.stderr)).toContain(
      `profile moonshot:default: has "…" in it: that is a key shown shortened, not the key itself (${at})`,
    );
    const status = await state.run(["models", "status"]);
    expect(unwrapped(status.stdout)).toContain(
      `profile moonshot:default: has "…" in it: that is a key shown shortened, not the key itself (${at})`,
    );
    // models scan skips the provider for want of a usable key, saying why and where.
    const scan = await state.run(["models", "scan", "--provider", "moonshot"]);
    expect(unwrapped(scan.stdout + scan.stderr)).toContain(
      `no usable key for moonshot (profile moonshot:default: has "…" in it: that is a key shown shortened, not the key itself (${at}));`,
    );
    for (const result of [run, doctor, status, scan]) {
      expect(result.stdout + result.stderr).not.toContain(shortened);
      expect(result.stdout + result.stderr).not.toContain("sk-kimi-test-0001");
    }
  });

  it("a profile whose id is a key: its id is masked where the error places it", async () => {
    const state = stateWith();
    const named = "sk-fake-test-key-0002";
    storeProfiles(state, { [`moonshot:${named}`]: `MOONSHOT_API_KEY=${KEY}` });
    const json = await state.run(["agent", "-m", "hi", "--json"]);
    expect(json.code).toBe(1);
    const failure = JSON.parse(json.stdout) as AgentFailure;
    expect(failure.error.where).toBe(`${state.storePath}:7`);
    expect(failure.error.hint).toContain(
      `keep only the key at auth profile "moonshot:sk-***" (${state.storePath}:7), without the MOONSHOT_API_KEY= before it; or set one of: auth profile "moonshot:default", $MOONSHOT_API_KEY; or run:`,
    );
    expect(json.stdout).not.toContain(KEY);
    expect(json.stdout).not.toContain(named);
  });
});
