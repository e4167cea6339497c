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
