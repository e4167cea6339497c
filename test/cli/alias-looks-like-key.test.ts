/**
 * `models aliases add <key> <model>`: an API key pasted where the alias goes is refused as a
 * usage mistake (exit 2), the config left as it was, and the key shown nowhere, masked or not
 * in the text and --json alike.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempFiles } from "../helpers/tmp.js";

const CONFIG = '{agents: {defaults: {model: {primary: "moonshot/kimi-k2.5"}}}}\n';

describe("models aliases add with a key for the alias", () => {
  for (const key of ["sk-kimi-Zq8RtYv3Wx7Lm2Np5Kd9", "sk-Zq8RtYv3Wx7Lm2Np5Kd9Hs4Fg6"]) {
    it(`refuses ${key.slice(0, 8)}…: exit 2, a hint, the config unchanged, the key not echoed`, async () => {
      const dir = tempFiles({ "openclaw.json": CONFIG });
      const env = { OPENCLAW_STATE_DIR: dir, HOME: dir };
      const text = await runCli(["models", "aliases", "add", key, "moonshot/kimi-k2.5"], { env });
      expect(text.code).toBe(2);
      expect(text.stdout).toBe("");
      expect(text.stderr).toMatch(/^error: alias "sk-(kimi-)?\*\*\*" looks like an API key/);
      expect(text.stderr).toContain("hint: an alias is a plain name");
      expect(text.stderr).toContain("openclaw onboard");
      const json = await runCli(["models", "aliases", "add", key, "moonshot/kimi-k2.5", "--json"], {
        env,
      });
      expect(json.code).toBe(2);
      expect(JSON.parse(json.stdout).error.code).toBe("alias.looks_like_key");
      const secret = key.slice(-12).toLowerCase();
      for (const output of [text.stdout, text.stderr, json.stdout, json.stderr])
        expect(output.toLowerCase()).not.toContain(secret);
      expect(readFileSync(join(dir, "openclaw.json"), "utf8")).toBe(CONFIG);
    });
  }

  it("still takes a plain name", async () => {
    const dir = tempFiles({ "openclaw.json": CONFIG });
    const env = { OPENCLAW_STATE_DIR: dir, HOME: dir };
    const added = await runCli(["models", "aliases", "add", "sk-mini", "moonshot/kimi-k2.5"], {
      env,
    });
    expect(added.code).toBe(0);
    expect(readFileSync(join(dir, "openclaw.json"), "utf8")).toContain('alias: "sk-mini"');
  });
});

describe("models aliases list with a key-shaped alias written by hand", () => {
  it("pads the column by the masked alias it prints, each model under Model", async () => {
    const key = "sk-kimi-Zq8RtYv3Wx7Lm2Np5Kd9Hs4Fg6";
    const dir = tempFiles({
      "openclaw.json": `{agents: {defaults: {model: {primary: "moonshot/kimi-k2.5"}, models: {
        "moonshot/kimi-k2.5": {alias: "${key}"},
        "moonshot/kimi-k2-thinking": {alias: "think"},
      }}}}\n`,
    });
    const listed = await runCli(["models", "aliases", "list"], {
      env: { OPENCLAW_STATE_DIR: dir, HOME: dir, COLUMNS: "100" },
    });
    expect(listed.code).toBe(0);
    expect(listed.stdout.toLowerCase()).not.toContain(key.slice(-12).toLowerCase());
    const lines = listed.stdout.trimEnd().split("\n");
    expect(lines).toEqual([
      "Alias        Model",
      "sk-kimi-***  moonshot/kimi-k2.5",
      "think        moonshot/kimi-k2-thinking",
    ]);
  });
});
