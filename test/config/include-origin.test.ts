/**
 * A problem with a value that came from an `$include`d file is reported in that file, at its line:
 * the merge is followed (later includes win, the including object's own keys last).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type ConfigError, setConfigValue } from "../../src/config/index.js";
import { runCli } from "../helpers/cli.js";
import { loadError } from "../helpers/config-lines.js";
import { tempFiles } from "../helpers/tmp.js";

describe("where a problem in an included file is reported", () => {
  it("names the included file and its line, not the main file", () => {
    const { dir, error } = loadError({
      "openclaw.json": `{ $include: ["b.json5"] }`,
      "b.json5": `{ gateway: { port: "abc" } }`,
    });
    expect(error.code).toBe("config.invalid");
    expect(error.file).toBe(join(dir, "b.json5"));
    expect(error.line).toBe(1);
    expect(error.message).toContain(
      `gateway.port: expected an integer from 1 to 65535, found the string "abc" (${join(dir, "b.json5")}:1)`,
    );
  });

  it("blames the file whose value won the merge: later includes, then the file's own keys", () => {
    const files = {
      "a.json5": `{\n  gateway: {\n    port: "from-a",\n  },\n}\n`,
      "b.json5": `{\n  // b wins over a\n  gateway: {\n    bind: "lan",\n    port: "from-b",\n  },\n}\n`,
    };
    const later = loadError({ ...files, "openclaw.json": `{ $include: ["a.json5", "b.json5"] }` });
    expect(later.error.message).toContain('"from-b"');
    expect(later.error.file).toBe(join(later.dir, "b.json5"));
    expect(later.error.line).toBe(5);
    const own = loadError({
      ...files,
      "openclaw.json": `{\n  $include: ["a.json5", "b.json5"],\n  gateway: { port: "own" },\n}\n`,
    });
    expect(own.error.message).toContain('"own"');
    expect(own.error.file).toBe(join(own.dir, "openclaw.json"));
    expect(own.error.line).toBe(3);
  });

  it("follows an include below the top and an include inside an included file", () => {
    const { dir, error } = loadError({
      "openclaw.json": `{\n  models: {\n    providers: { $include: "./providers.json5" },\n  },\n}\n`,
      "providers.json5": `{\n  $include: "./more.json5",\n  moonshot: { api: "openai-completions" },\n}\n`,
      "more.json5": `{\n  custom: {\n    baseUrl: "https://c.example.test/v1",\n    api: "grpc",\n  },\n}\n`,
    });
    expect(error.message).toContain("models.providers.custom.api: expected one of");
    expect(error.file).toBe(join(dir, "more.json5"));
    expect(error.line).toBe(4);
  });

  it("reports each problem in its own file, and a missing key at the object that lacks it", () => {
    const { dir, error } = loadError({
      "openclaw.json": `{ $include: ["a.json5", "b.json5"], gateway: { bind: "lan" } }`,
      "a.json5": `{\n  gateway: { port: -1 },\n}\n`,
      "b.json5": `{\n  models: {\n    providers: {\n      p: { baseUrl: "https://p.example.test/v1", models: [{ name: "no id" }] },\n    },\n  },\n}\n`,
    });
    expect(error.issues.map((issue) => [issue.path, issue.file, issue.line])).toEqual([
      ["gateway.port", join(dir, "a.json5"), 2],
      ["models.providers.p.models[0].id", join(dir, "b.json5"), 4],
    ]);
  });

  it("names the included file when an edit of the main file is refused, and writes nothing", () => {
    const dir = tempFiles({
      "openclaw.json": `{ $include: ["b.json5"] }`,
      "b.json5": `{ gateway: { port: "abc" } }`,
    });
    const main = join(dir, "openclaw.json");
    try {
      setConfigValue(main, "gateway.bind", "lan");
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).message).toMatch(
        new RegExp(`\\(${join(dir, "b.json5")}:1\\)$`),
      );
      expect((error as ConfigError).hint).toMatch(
        /nothing was written \(the config already had this problem\)$/,
      );
      expect((error as ConfigError).file).toBe(join(dir, "b.json5"));
    }
    expect(readFileSync(main, "utf8")).toBe(`{ $include: ["b.json5"] }`);
  });
});

describe("openclaw config, with an include (the built CLI)", () => {
  it("validate and set name the included file and line", async () => {
    const dir = tempFiles({
      "openclaw.json": `{ $include: ["b.json5"] }`,
      "b.json5": `{ gateway: { port: "abc" } }`,
    });
    const env = { OPENCLAW_STATE_DIR: dir };
    const included = `${join(dir, "b.json5")}:1`;
    const validate = await runCli(["config", "validate"], { env });
    expect(validate.code).toBe(1);
    expect(validate.stderr).toContain(
      `gateway.port: expected an integer from 1 to 65535, found the string "abc" (${included})`,
    );
    expect(validate.stderr).not.toContain("openclaw.json");
    const json = await runCli(["config", "validate", "--json"], { env });
    expect(JSON.parse(json.stdout).problems[0]).toMatchObject({
      path: "gateway.port",
      file: join(dir, "b.json5"),
      line: 1,
    });
    const set = await runCli(["config", "set", "gateway.bind", "lan"], { env });
    expect(set.code).toBe(1);
    expect(set.stderr).toContain(`(${included})\nhint: `);
    expect(set.stderr).toMatch(/^hint: .*; nothing was written/m);
    expect(set.stderr).not.toContain("openclaw.json:");
  });
});

describe("a list the main file writes over an included one", () => {
  it("is where a problem inside it is reported, not the included list it replaces", () => {
    const { dir, error } = loadError({
      "openclaw.json": `{\n  $include: "./providers.json5",\n  models: { providers: { mylab: {\n    models: [ { name: "Model A" } ],\n  } } },\n}\n`,
      "providers.json5": `{ models: { providers: { mylab: { baseUrl: "http://127.0.0.1:9/v1",\n  models: [ { id: "a", name: "A" } ] } } } }\n`,
    });
    expect(error.message).toContain("models.providers.mylab.models[0].id: is required but missing");
    expect(error.file).toBe(join(dir, "openclaw.json"));
  });
});
