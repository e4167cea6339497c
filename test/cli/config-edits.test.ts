import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import JSON5 from "json5";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

function stateWith(
  text?: string,
  others: Record<string, string> = {},
): { env: Record<string, string>; path: string; dir: string } {
  const dir = tempDir();
  const path = join(dir, "openclaw.json");
  if (text !== undefined) writeFileSync(path, text);
  for (const [name, content] of Object.entries(others)) writeFileSync(join(dir, name), content);
  return { env: { OPENCLAW_STATE_DIR: dir }, path, dir };
}

describe("config set/get below a value written in its short form", () => {
  it('setting the fallbacks of `model: "ref"` keeps the ref as the primary', async () => {
    const { env, path } = stateWith(
      '{\n  agents: { defaults: { model: "moonshot/kimi-k2-thinking" } },\n}\n',
    );
    const set = await runCli(
      ["config", "set", "agents.defaults.model.fallbacks", '["moonshot/kimi-k2.5"]'],
      { env },
    );
    expect(set.code).toBe(0);
    expect(JSON5.parse(readFileSync(path, "utf8")).agents.defaults.model).toEqual({
      primary: "moonshot/kimi-k2-thinking",
      fallbacks: ["moonshot/kimi-k2.5"],
    });
    const status = await runCli(["models", "status", "--json"], { env });
    expect(JSON.parse(status.stdout)).toMatchObject({
      default: "moonshot/kimi-k2-thinking",
      fallbacks: ["moonshot/kimi-k2.5"],
    });
  });

  it('get of model.primary finds the ref of `model: "ref"`', async () => {
    const { env } = stateWith('{ agents: { defaults: { model: "moonshot/kimi-k2-thinking" } } }');
    const got = await runCli(["config", "get", "agents.defaults.model.primary"], { env });
    expect(got).toMatchObject({ code: 0, stdout: "moonshot/kimi-k2-thinking\n" });
    const fallbacks = await runCli(["config", "get", "agents.defaults.model.fallbacks"], { env });
    expect(fallbacks.code).toBe(1);
    expect(fallbacks.stderr).toContain("agents.defaults.model.fallbacks is not set");
  });

  it('a second file added to `$include: "./a.json5"` keeps the first', async () => {
    const { env, path } = stateWith('{ $include: "./a.json5" }', {
      "a.json5": "{ gateway: { port: 18801 } }",
      "b.json5": '{ gateway: { bind: "loopback" } }',
    });
    const set = await runCli(["config", "set", "$include[1]", "./b.json5"], { env });
    expect(set.code).toBe(0);
    expect(JSON5.parse(readFileSync(path, "utf8"))).toEqual({
      $include: ["./a.json5", "./b.json5"],
    });
    const got = await runCli(["config", "get", "gateway", "--json"], { env });
    expect(JSON.parse(got.stdout)).toEqual({ port: 18801, bind: "loopback" });
  });
});

describe("config set of a value an $include'd file holds", () => {
  const providers = `{ models: { providers: { mylab: { baseUrl: "http://127.0.0.1:9/v1",
    models: [ { id: "a", name: "A" }, { id: "b", name: "B" }, { id: "c", name: "C" } ] } } },
  agents: { defaults: { model: "mylab/a" } } }
`;
  const included = () =>
    stateWith('{ $include: "./providers.json5" }\n', { "providers.json5": providers });

  it.each([
    ["an element", "models.providers.mylab.models[0]", '{id: "a", name: "Model A"}'],
    ["a field of an element", "models.providers.mylab.models[0].name", "Model A"],
    ["a new element", "models.providers.mylab.models[3]", '{id: "d", name: "D"}'],
  ])(
    "inside an included list (%s) is refused, naming the file and line to edit",
    async (_what, key, value) => {
      const { env, path, dir } = included();
      const set = await runCli(["config", "set", key, value], { env });
      expect(set.code).toBe(2);
      expect(set.stdout).toBe("");
      expect(set.stderr).toContain(
        `error: ${key} is in the list models.providers.mylab.models, which is set in ${join(dir, "providers.json5")}:2`,
      );
      expect(set.stderr).toContain(`hint: change it in ${join(dir, "providers.json5")} (line 2)`);
      expect(set.stderr).not.toContain("is required but missing");
      expect(readFileSync(path, "utf8")).toBe('{ $include: "./providers.json5" }\n');
      const list = await runCli(["models", "list", "--plain", "--provider", "mylab"], { env });
      expect(list.stdout).toBe("mylab/a\nmylab/b\nmylab/c\n");
    },
  );

  it("a value an included file sets is overridden in the main file, and the output says the old one is shadowed", async () => {
    const { env, path, dir } = included();
    const set = await runCli(
      ["config", "set", "models.providers.mylab.baseUrl", "http://127.0.0.1:10/v1"],
      { env },
    );
    expect(set.code).toBe(0);
    expect(set.stdout).toContain(
      `the old value is set in ${join(dir, "providers.json5")}:1 (included with $include), which openclaw.json now overrides`,
    );
    expect(JSON5.parse(readFileSync(path, "utf8")).models.providers.mylab).toEqual({
      baseUrl: "http://127.0.0.1:10/v1",
    });
    const json = await runCli(
      ["config", "set", "models.providers.mylab.baseUrl", "http://127.0.0.1:11/v1", "--json"],
      {
        env: stateWith('{ $include: "./providers.json5" }\n', { "providers.json5": providers }).env,
      },
    );
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: true,
      changed: true,
      overrides: { line: 1, merges: false },
    });
  });

  it("the fallbacks of a model an included file writes as a ref keep that ref as the primary", async () => {
    const { env, path } = included();
    const set = await runCli(["config", "set", "agents.defaults.model.fallbacks", '["mylab/b"]'], {
      env,
    });
    expect(set.code).toBe(0);
    expect(JSON5.parse(readFileSync(path, "utf8")).agents.defaults.model).toEqual({
      primary: "mylab/a",
      fallbacks: ["mylab/b"],
    });
    const got = await runCli(["config", "get", "agents.defaults.model.primary"], { env });
    expect(got.stdout).toBe("mylab/a\n");
  });
});
