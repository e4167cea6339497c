/**
 * `agents.defaults.models` is also the allowlist once it has an entry. No command turns it on (or
 * off) or shuts a model out without saying so; `models list` tags the models it refuses; the
 * model onboarding replaces as the default stays usable.
 */
import { writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { onboardCustom } from "../helpers/custom-provider.js";
import { onboardChoice, onboardWithKey } from "../helpers/onboard-args.js";
import { regionSimulators } from "../helpers/region-simulators.js";
import { freshState, KIMI_KEY, MOONSHOT_KEY, type StateDir } from "../onboard/harness.js";

const sims = regionSimulators();

/** The finding's config: a Moonshot key in the env block, no agents.defaults.models. */
function moonshotState(model = "moonshot/kimi-k2.5", models = ""): StateDir {
  const state = freshState(sims.endpointEnv());
  writeFileSync(
    state.configPath,
    `{\n  env: { MOONSHOT_API_KEY: "${MOONSHOT_KEY}" },\n  models: { providers: { moonshot: { baseUrl: "${sims.ai.moonshotBaseUrl}" } } },\n  agents: { defaults: { model: "${model}"${models} } },\n}\n`,
  );
  return state;
}

interface Row {
  ref: string;
  tags: string[];
  usable: boolean;
}

async function rows(state: StateDir, all = false): Promise<Record<string, Row>> {
  const list = await state.run(["models", "list", "--json", ...(all ? ["--all"] : [])]);
  const parsed = JSON.parse(list.stdout) as { models: Row[] };
  return Object.fromEntries(parsed.models.map((row) => [row.ref, row]));
}

describe("models aliases add and remove", () => {
  it("say when the first alias makes an allowlist, name what it shuts out, and undo it", async () => {
    const state = moonshotState();
    const add = await state.run([
      "models",
      "aliases",
      "add",
      "Fast",
      "moonshot/kimi-k2-turbo-preview",
    ]);
    expect(add.code).toBe(0);
    expect(add.stdout).toContain(
      'alias "Fast" → moonshot/kimi-k2-turbo-preview; agents.defaults.models now has an entry, so it is also an allowlist',
    );
    expect(add.stderr).toMatch(
      /warning: moonshot\/kimi-k2-0905-preview, moonshot\/kimi-k2-thinking, .*could be used before and are now refused/,
    );
    expect(add.stderr).toContain(
      `openclaw config set 'agents.defaults.models["moonshot/kimi-k2-0905-preview"]' '{}'`,
    );

    // models list --all tags what the allowlist refuses, and does not count it as usable.
    const listed = await rows(state, true);
    expect(listed["moonshot/kimi-k2-thinking"]).toMatchObject({
      tags: ["retired: use kimi-k2.5", "not allowed"],
      usable: false,
    });
    expect(listed["moonshot/kimi-k2-turbo-preview"]?.usable).toBe(true);
    expect(listed["moonshot/kimi-k2.5"]?.usable).toBe(true);
    const table = await state.run(["models", "list", "--all"]);
    expect(table.stdout).toMatch(/moonshot\/kimi-k2-thinking .* not allowed/);
    // A built-in the config names nowhere and the allowlist refuses is --all's to show: the
    // list of the models in use does not offer it as one to allow.
    const inUse = await state.run(["models", "list"]);
    expect(inUse.stdout).toMatch(/moonshot\/kimi-k2-turbo-preview .* configured, alias:Fast/);
    expect(inUse.stdout).not.toContain("moonshot/kimi-k2-thinking");
    expect(inUse.stdout).not.toContain("not allowed");
    const refused = await state.run(["agent", "-m", "hi", "--model", "moonshot/kimi-k2-thinking"]);
    expect(refused.code).toBe(1);

    const remove = await state.run(["models", "aliases", "remove", "Fast", "--json"]);
    expect(remove.code).toBe(0);
    const removed = JSON.parse(remove.stdout) as { message: string };
    expect(removed.message).toContain(
      "agents.defaults.models has no entry left, so it is no longer an allowlist",
    );
    expect(state.config()).toMatchObject({ agents: { defaults: { model: "moonshot/kimi-k2.5" } } });
    expect(
      (state.config() as { agents: { defaults: Record<string, unknown> } }).agents.defaults,
    ).not.toHaveProperty("models");
    const works = await state.run(["agent", "-m", "hi", "--model", "moonshot/kimi-k2-thinking"]);
    expect(works.code).toBe(0);
  });

  it("keep an emptied entry that other entries would otherwise shut out, and say so", async () => {
    const state = moonshotState(
      "moonshot/kimi-k2.5",
      `, models: { "moonshot/kimi-k2-thinking": {} }`,
    );
    const add = await state.run([
      "models",
      "aliases",
      "add",
      "Fast",
      "moonshot/kimi-k2-turbo-preview",
    ]);
    expect(add.code).toBe(0);
    // Already an allowlist: the alias lets one more model in, nothing is shut out.
    expect(add.stdout).not.toContain("allowlist");
    // Said of the model alone: the id is retired (retired-model-edit-warning.test.ts).
    expect(add.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(
        /^warning: moonshot\/kimi-k2-turbo-preview, which the alias "Fast" now names, is a model id moonshot retired in 2026 per openclaw's list/,
      ),
    ]);
    const remove = await state.run(["models", "aliases", "remove", "Fast"]);
    expect(remove.stdout).toContain(
      "moonshot/kimi-k2-turbo-preview stays listed in agents.defaults.models, the allowlist, so that it can still be used",
    );
    expect((await rows(state))["moonshot/kimi-k2-turbo-preview"]?.usable).toBe(true);
  });
});

describe("config set and unset of agents.defaults.models", () => {
  it("say when the first entry makes an allowlist, name what it shuts out, and when the last one ends it", async () => {
    const state = moonshotState();
    const set = await state.run([
      "config",
      "set",
      "agents.defaults.models",
      '{"moonshot/kimi-k2-turbo-preview": {}}',
    ]);
    expect(set.code).toBe(0);
    expect(set.stdout).toContain(
      "agents.defaults.models now has an entry, so it is also an allowlist: only the models it lists, the default model and its fallbacks can be used",
    );
    expect(set.stderr).toMatch(
      /warning: moonshot\/kimi-k2-0905-preview, moonshot\/kimi-k2-thinking, .*could be used before and are now refused/,
    );

    // Already an allowlist: one more entry shuts nothing out and turns nothing on.
    const more = await state.run([
      "config",
      "set",
      'agents.defaults.models["moonshot/kimi-k2-thinking"]',
      "{}",
      "--json",
    ]);
    expect(more.code).toBe(0);
    const added = JSON.parse(more.stdout) as Record<string, unknown>;
    expect(added).toMatchObject({ ok: true, warnings: [] });
    expect(added).not.toHaveProperty("note");

    const unset = await state.run(["config", "unset", "agents.defaults.models", "--json"]);
    expect(unset.code).toBe(0);
    expect(JSON.parse(unset.stdout)).toMatchObject({
      ok: true,
      note: "agents.defaults.models has no entry left, so it is no longer an allowlist: every configured model can be used",
      warnings: [],
    });

    const first = await state.run([
      "config",
      "set",
      'agents.defaults.models["moonshot/kimi-k2.5"]',
      "{}",
      "--json",
    ]);
    const turnedOn = JSON.parse(first.stdout) as { note?: string; warnings: string[] };
    expect(turnedOn.note).toContain("so it is also an allowlist");
    expect(turnedOn.warnings.join("\n")).toContain("moonshot/kimi-k2-thinking");
    // Said in the object only: no second copy on stderr.
    expect(first.stderr).toBe("");
    const last = await state.run([
      "config",
      "unset",
      'agents.defaults.models["moonshot/kimi-k2.5"]',
    ]);
    expect(last.code).toBe(0);
    expect(last.stdout).toContain("agents.defaults.models has no entry left");
  });
});

describe("models list with an allowlist", () => {
  it("shows a model the config file defines and the allowlist refuses as not allowed; leaves out built-ins it refuses", async () => {
    const state = freshState(sims.endpointEnv());
    writeFileSync(
      state.configPath,
      `{\n  env: { MOONSHOT_API_KEY: "${MOONSHOT_KEY}" },\n  models: { providers: { moonshot: { baseUrl: "${sims.ai.moonshotBaseUrl}", models: [{ id: "kimi-k3", name: "Kimi K3" }] } } },\n  agents: { defaults: { model: "moonshot/kimi-k2.5", models: { "moonshot/kimi-k2.5": {} } } },\n}\n`,
    );
    const list = await state.run(["models", "list", "--plain"]);
    expect(list.code).toBe(0);
    // Written by the person, refused: to allow, or to remove.
    expect(list.stdout).toBe("moonshot/kimi-k2.5\nmoonshot/kimi-k3\n");
    expect((await rows(state))["moonshot/kimi-k3"]?.tags).toEqual(["not allowed"]);
    // The whole catalog still has the refused built-ins, tagged.
    const all = await rows(state, true);
    expect(all["moonshot/kimi-k2-0905-preview"]?.tags).toEqual([
      "retired: use kimi-k2.5",
      "not allowed",
    ]);
  });
});

describe("models set with an allowlist", () => {
  it("lists the old default the allowlist would refuse from now on, and says how to refuse it", async () => {
    const state = moonshotState(
      "moonshot/kimi-k2.5",
      `, models: { "moonshot/kimi-k2-thinking": { alias: "Think" } }`,
    );
    const set = await state.run(["models", "set", "Think"]);
    expect(set.code).toBe(0);
    expect(set.stdout).toBe(
      `default model: moonshot/kimi-k2-thinking (was moonshot/kimi-k2.5); listed moonshot/kimi-k2.5 (the default model until now) in agents.defaults.models, the allowlist, so that it can still be used (to refuse it: openclaw config unset 'agents.defaults.models["moonshot/kimi-k2.5"]')\n`,
    );
    expect(set.stderr).not.toContain("now refused");
    expect((await rows(state))["moonshot/kimi-k2.5"]?.usable).toBe(true);
  });

  it("keeps the model a custom-api-key onboarding added usable after the default moves away from it", async () => {
    const state = await customDefaultOverAllowlist();
    const set = await state.run(["models", "set", "moonshot/kimi-k2.5"]);
    expect(set.code).toBe(0);
    expect(set.stdout).toContain(
      "listed lab/kimi-k2.5 (the default model until now) in agents.defaults.models, the allowlist, so that it can still be used",
    );
    expect(set.stderr).toBe("");
    const agent = await state.run(["agent", "-m", "hi", "--model", "lab/kimi-k2.5"]);
    expect(agent.stderr).not.toContain("not in the allowlist");
    expect(agent.code).toBe(0);
  });
});

/**
 * Moonshot onboarded (its alias makes agents.defaults.models an allowlist), then a custom
 * endpoint made the default: it gets no alias, so it is allowed only as the default.
 */
async function customDefaultOverAllowlist(): Promise<StateDir> {
  const state = freshState(sims.endpointEnv());
  const moonshot = await state.run(onboardWithKey("moonshot-api-key", MOONSHOT_KEY));
  expect(moonshot.code).toBe(0);
  const custom = await state.run(
    onboardCustom(
      sims.ai.moonshotBaseUrl,
      "kimi-k2.5",
      "--custom-api-key",
      MOONSHOT_KEY,
      "--custom-provider-id",
      "lab",
    ),
  );
  expect(custom.code).toBe(0);
  return state;
}

describe("onboarding over an allowlist that was already there", () => {
  it("keeps the default model it replaces usable, as models set does", async () => {
    const state = await customDefaultOverAllowlist();
    const kimi = await state.run(onboardWithKey("kimi-code-api-key", KIMI_KEY));
    expect(kimi.code).toBe(0);
    expect(kimi.stdout).toContain(
      "listed lab/kimi-k2.5 (the default model until now) in agents.defaults.models, so that it can still be used",
    );
    expect(kimi.stderr).not.toContain("now refused");
    expect((await rows(state))["lab/kimi-k2.5"]?.usable).toBe(true);
  });
});

describe("onboarding that makes agents.defaults.models an allowlist", () => {
  it("keeps the default model it replaces usable, and says the list is now an allowlist", async () => {
    const state = freshState(sims.endpointEnv());
    const custom = await state.run(
      onboardCustom(
        sims.ai.moonshotBaseUrl,
        "kimi-k2-turbo-preview",
        "--custom-api-key",
        MOONSHOT_KEY,
        "--custom-provider-id",
        "lab",
      ),
    );
    expect(custom.code).toBe(0);
    const kimi = await state.run(onboardWithKey("kimi-code-api-key", KIMI_KEY));
    expect(kimi.code).toBe(0);
    expect(kimi.stdout).toContain(
      "listed lab/kimi-k2-turbo-preview (the default model until now) in agents.defaults.models, so that it can still be used",
    );
    expect(kimi.stdout).toContain(
      "agents.defaults.models now has an entry, so it is also an allowlist",
    );
    expect(kimi.stderr).toBe("");
    const agent = await state.run(["agent", "-m", "hi", "--model", "lab/kimi-k2-turbo-preview"]);
    expect(agent.code).toBe(0);
  });

  it("names the models it shuts out (--json warnings)", async () => {
    const state = moonshotState("kimi-k2.5");
    const result = await state.run(onboardWithKey("kimi-code-api-key", KIMI_KEY, "--json"));
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { warnings: string[]; changes: string[] };
    expect(report.changes).toContain(
      "listed moonshot/kimi-k2.5 (the default model until now) in agents.defaults.models, so that it can still be used",
    );
    expect(report.warnings.join("\n")).toMatch(
      /moonshot\/kimi-k2-thinking, .*could be used before and are now refused/,
    );
    expect(result.stderr).toBe("");
    const listed = await rows(state, true);
    expect(listed["moonshot/kimi-k2.5"]?.usable).toBe(true);
    expect(listed["moonshot/kimi-k2-thinking"]?.tags).toContain("not allowed");
  });
});

describe("the first config file, with a Moonshot key in the environment", () => {
  // The key makes every built-in moonshot and moonshot-cn model usable before any config exists;
  // a person who has no config relied on none of them: the first allowlist names none as refused.
  function envKeyState(): StateDir {
    return freshState({ ...sims.endpointEnv(), MOONSHOT_API_KEY: MOONSHOT_KEY });
  }

  it("onboarding (the page's command) says the list is an allowlist and names no model as refused", async () => {
    const state = envKeyState();
    const result = await state.run(onboardChoice("moonshot-api-key"));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      "agents.defaults.models now has an entry, so it is also an allowlist",
    );
    expect(result.stderr).not.toContain("could be used before");
    expect(result.stderr).not.toContain("moonshot-cn");
  });

  it("models aliases add and config set name no model as refused either", async () => {
    const alias = await envKeyState().run(["models", "aliases", "add", "K", "moonshot/kimi-k2.5"]);
    expect(alias.code).toBe(0);
    expect(alias.stdout).toContain("so it is also an allowlist");
    expect(alias.stderr).toBe("");
    const set = await envKeyState().run([
      "config",
      "set",
      'agents.defaults.models["moonshot/kimi-k2.5"]',
      "{}",
      "--json",
    ]);
    expect(set.code).toBe(0);
    expect(JSON.parse(set.stdout)).toMatchObject({ ok: true, warnings: [] });
  });
});
