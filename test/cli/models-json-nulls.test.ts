/**
 * `models status --json` and `models list --json` have the same keys whatever the config holds:
 * a field with no value is null. JSON.stringify left such fields out (no `default` before one is
 * set, no `alias` on a model without one, no `proxy` without one), so a script reading
 * `.defaultProblem` or `.models[].alias` had to test whether the key was there at all. The built
 * CLI (`npm run build` first); nothing is sent anywhere.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

/** A state dir with no config; the key is plainly fake and never sent. */
function env(): Record<string, string> {
  return { OPENCLAW_STATE_DIR: tempDir(), MOONSHOT_API_KEY: "sk-fake-abc-01" };
}

async function json(args: string[], environment: Record<string, string>) {
  const result = await runCli([...args, "--json"], { env: environment });
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

describe("models --json with fields that have no value", () => {
  it("models status gives default, its problem and hint, and the proxies as null when none", async () => {
    const environment = env();
    const none = await json(["models", "status"], environment);
    expect(none).toMatchObject({ default: null, proxy: null, proxyProblem: null, ok: false });
    expect(typeof none.defaultProblem).toBe("string");
    expect((await runCli(["models", "set", "moonshot/kimi-k2.5"], { env: environment })).code).toBe(
      0,
    );
    const set = await json(["models", "status"], environment);
    expect(set).toMatchObject({
      default: "moonshot/kimi-k2.5",
      defaultProblem: null,
      defaultHint: null,
      ok: true,
    });
    const [moonshot] = set.providers as Record<string, unknown>[];
    expect(moonshot).toMatchObject({ provider: "moonshot", missingHint: null, proxy: null });
    const [profile] = (moonshot?.sources ?? []) as Record<string, unknown>[];
    expect(profile).toMatchObject({
      state: "missing",
      masked: null,
      hint: null,
      emptyVariable: null,
    });
  });

  it("models list gives each model the same keys, alias and disabled null when none", async () => {
    const environment = env();
    await runCli(["models", "set", "moonshot/kimi-k2.5"], { env: environment });
    const { models } = (await json(["models", "list", "--all"], environment)) as {
      models: Record<string, unknown>[];
    };
    const row = models.find((model) => model.ref === "moonshot/kimi-k2.5");
    expect(row).toMatchObject({ alias: null, disabled: null, usable: true });
    const keys = Object.keys(row ?? {}).sort();
    expect(keys).toEqual([
      "alias",
      "auth",
      "contextWindow",
      "disabled",
      "input",
      "local",
      "name",
      "ref",
      "tags",
      "usable",
    ]);
    for (const model of models) expect(Object.keys(model).sort()).toEqual(keys);
  });
});
