import { spawn, spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import JSON5 from "json5";
import { describe, expect, it } from "vitest";
import {
  getAtPath,
  locateConfigValue,
  parsePath,
  setConfigValue,
  unsetConfigValue,
  validateEditedConfig,
  writeConfigFile,
} from "../../src/config/index.js";
import { writtenAsJson5 } from "../../src/config/write.js";
import { UsageError } from "../../src/errors.js";
import { withFileLocks } from "../../src/util/file-lock.js";
import { tempDir, tempFiles } from "../helpers/tmp.js";

describe("paths", () => {
  it("parses dots, indices and quoted keys", () => {
    expect(parsePath('models.providers["kimi-code"].models[0].maxTokens')).toEqual([
      "models",
      "providers",
      "kimi-code",
      "models",
      0,
      "maxTokens",
    ]);
    expect(parsePath("agents.defaults.models['moonshot/kimi-k2.5'].alias")).toEqual([
      "agents",
      "defaults",
      "models",
      "moonshot/kimi-k2.5",
      "alias",
    ]);
    // An empty segment is a typo, not a shorter path: a..b must not quietly mean a.b.
    expect(() => parsePath("a..b")).toThrow(/invalid path "a\.\.b": .*empty/);
    expect(() => parsePath("models.providers..baseUrl")).toThrow(UsageError);
    expect(() => parsePath("a[x]")).toThrow(/must be a number or a quoted key/);
  });
});

describe("writing", () => {
  it("writes atomically with mode 0600 in a 0700 directory and keeps a .bak", () => {
    const dir = join(tempDir(), "state");
    const path = join(dir, "openclaw.json");
    writeConfigFile(path, { gateway: { port: 1 } });
    writeConfigFile(path, { gateway: { port: 2 } });
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(JSON5.parse(readFileSync(path, "utf8"))).toEqual({ gateway: { port: 2 } });
    expect(JSON5.parse(readFileSync(`${path}.bak`, "utf8"))).toEqual({ gateway: { port: 1 } });
  });

  it("keeps ${VAR} references as references when editing", () => {
    const dir = tempFiles({
      "openclaw.json": `{ env: { MOONSHOT_API_KEY: "sk-test-in-env-block" }, models: { providers: { moonshot: { baseUrl: "https://api.moonshot.ai/v1", apiKey: "\${MOONSHOT_API_KEY}" } } } }`,
    });
    const path = join(dir, "openclaw.json");
    setConfigValue(path, "gateway.port", 19000);
    const written = JSON5.parse(readFileSync(path, "utf8"));
    expect(written.models.providers.moonshot.apiKey).toBe("${MOONSHOT_API_KEY}");
    expect(written.gateway.port).toBe(19000);
  });

  it("refuses an edit that would make the config invalid and writes nothing", () => {
    const dir = tempFiles({ "openclaw.json": `{ gateway: { port: 1 } }` });
    const path = join(dir, "openclaw.json");
    const before = readFileSync(path, "utf8");
    expect(() => setConfigValue(path, "gateway.port", "abc")).toThrow(
      /gateway\.port: expected an integer/,
    );
    expect(readFileSync(path, "utf8")).toBe(before);
    expect(existsSync(`${path}.bak`)).toBe(false);
  });

  it("edits only the main file, leaving $include files alone", () => {
    const dir = tempFiles({
      "openclaw.json": `{ $include: "./providers.json5" }`,
      "providers.json5": `{ models: { providers: { moonshot: { baseUrl: "https://api.moonshot.ai/v1" } } } }`,
    });
    setConfigValue(
      join(dir, "openclaw.json"),
      "models.providers.moonshot.baseUrl",
      "https://api.moonshot.cn/v1",
    );
    expect(readFileSync(join(dir, "providers.json5"), "utf8")).toContain("api.moonshot.ai");
    const main = JSON5.parse(readFileSync(join(dir, "openclaw.json"), "utf8"));
    expect(getAtPath(main, parsePath("models.providers.moonshot.baseUrl"))).toBe(
      "https://api.moonshot.cn/v1",
    );
    expect(main.$include).toBe("./providers.json5");
  });

  it("checks an edit together with its includes, which stay confined to the config directory", () => {
    const dir = tempFiles({
      "openclaw.json": `{ $include: "./gateway.json5" }`,
      "gateway.json5": `{ gateway: { port: 1 } }`,
    });
    const path = join(dir, "openclaw.json");
    const edited = { $include: "./gateway.json5", gateway: { bind: "loopback" } };
    expect(validateEditedConfig(edited, path).config.gateway).toMatchObject({
      port: 1,
      bind: "loopback",
    });
    // A value the include already sets is merged with the edit, and a bad merge is refused.
    expect(() =>
      validateEditedConfig({ $include: "./gateway.json5", gateway: { port: "x" } }, path),
    ).toThrow(/gateway\.port: expected an integer/);
    expect(() => validateEditedConfig({ $include: "../elsewhere.json5" }, path)).toThrow(
      /points outside the config directory/,
    );
    expect(() => validateEditedConfig({ $include: "./openclaw.json" }, path)).toThrow(
      /\$include cycle: openclaw\.json → openclaw\.json/,
    );
  });

  it("edits a hand-written file in place: its comments and layout stay", () => {
    const text = `{
  // where the gateway listens
  gateway: {
    port: 1, // changed by hand before
    bind: "loopback",
  },
}
`;
    const dir = tempFiles({ "openclaw.json": text });
    const path = join(dir, "openclaw.json");
    setConfigValue(path, "gateway.port", 18789);
    setConfigValue(path, "agents.defaults.model.primary", "moonshot/kimi-k2.5");
    unsetConfigValue(path, "gateway.bind");
    expect(readFileSync(path, "utf8")).toBe(`{
  // where the gateway listens
  gateway: {
    port: 18789, // changed by hand before
  },
  agents: {
    defaults: {
      model: {
        primary: "moonshot/kimi-k2.5",
      },
    },
  },
}
`);
  });

  it("unsets values and says when there is nothing to unset", () => {
    const dir = tempFiles({ "openclaw.json": `{ gateway: { port: 1, bind: "loopback" } }` });
    const path = join(dir, "openclaw.json");
    unsetConfigValue(path, "gateway.port");
    expect(JSON5.parse(readFileSync(path, "utf8"))).toEqual({ gateway: { bind: "loopback" } });
    expect(() => unsetConfigValue(path, "gateway.port")).toThrow(/gateway\.port is not set/);
  });

  it("creates the file on the first set", () => {
    const path = join(tempDir(), "openclaw.json");
    // An empty file is an empty config, as a missing one is.
    writeFileSync(path, "");
    setConfigValue(path, "gateway.port", 1);
    expect(JSON5.parse(readFileSync(path, "utf8"))).toEqual({ gateway: { port: 1 } });
    const fresh = join(tempDir(), "new", "openclaw.json");
    setConfigValue(fresh, "agents.defaults.model.primary", "moonshot/kimi-k2.5");
    expect(JSON5.parse(readFileSync(fresh, "utf8"))).toEqual({
      agents: { defaults: { model: { primary: "moonshot/kimi-k2.5" } } },
    });
  });
});

describe("writing safely next to other writers and odd files", () => {
  it("takes over a lock whose process is gone, and names a live holder after a bounded wait", () => {
    const path = join(tempDir(), "openclaw.json");
    const gone = spawnSync(process.execPath, ["-e", ""]).pid as number;
    const holder = (pid: number) =>
      JSON.stringify({ pid, host: hostname(), since: "2026-01-01T00:00:00Z", token: "t" });
    writeFileSync(`${path}.lock`, holder(gone));
    setConfigValue(path, "gateway.port", 18800);
    expect(JSON5.parse(readFileSync(path, "utf8"))).toEqual({ gateway: { port: 18800 } });
    expect(existsSync(`${path}.lock`)).toBe(false);

    writeFileSync(`${path}.lock`, holder(process.ppid));
    expect(() => withFileLocks([path], () => undefined, { waitMs: 300 })).toThrow(
      expect.objectContaining({
        code: "fs.locked",
        message: expect.stringContaining(`(pid ${process.ppid}, since 2026-01-01T00:00:00Z)`),
        hint: expect.stringContaining(`remove ${path}.lock`),
      }),
    );
  });

  it("waits for a live holder to let go, then writes", () => {
    const path = join(tempDir(), "openclaw.json");
    const lock = `${path}.lock`;
    writeFileSync(
      lock,
      JSON.stringify({
        pid: process.ppid,
        host: hostname(),
        since: "2026-01-01T00:00:00Z",
        token: "t",
      }),
    );
    // Another process lets go a while after the wait has begun: only a wait sees it, as a write
    // that gave up at once (no wait at all) would fail with the lock still there.
    const releaser = spawn(
      process.execPath,
      ["-e", "setTimeout(() => require('node:fs').rmSync(process.argv[1]), 300)", lock],
      { stdio: "ignore" },
    );
    try {
      expect(withFileLocks([path], () => "written", { waitMs: 30_000 })).toBe("written");
      expect(existsSync(lock)).toBe(false);
    } finally {
      releaser.kill();
    }
  });

  it("writes a config that is a symlink where it points, and leaves the link", () => {
    const dir = tempDir();
    const dotfiles = join(dir, "dotfiles");
    mkdirSync(dotfiles);
    const target = join(dotfiles, "openclaw.json5");
    writeFileSync(target, "{\n  // mine\n  gateway: { port: 1 },\n}\n");
    const link = join(dir, "openclaw.json");
    symlinkSync(target, link);
    setConfigValue(link, "gateway.port", 18800);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, "utf8")).toBe("{\n  // mine\n  gateway: { port: 18800 },\n}\n");
    expect(readFileSync(`${target}.bak`, "utf8")).toContain("port: 1 }");
  });

  it("refuses to replace a read-only config, saying how to allow it", () => {
    const dir = tempFiles({ "openclaw.json": "{ gateway: { port: 1 } }" });
    const path = join(dir, "openclaw.json");
    chmodSync(path, 0o400);
    expect(() => setConfigValue(path, "gateway.port", 2)).toThrow(
      expect.objectContaining({
        code: "fs.read_only",
        message: `${path} is read-only (mode 0400): not changed`,
        hint: expect.stringContaining(`chmod 600 ${path}`),
      }),
    );
    expect(readFileSync(path, "utf8")).toBe("{ gateway: { port: 1 } }");
    expect(statSync(path).mode & 0o777).toBe(0o400);
  });

  it("keeps comments when a key is written twice, and warns when a file must be rewritten whole", () => {
    const text = "{\n  // one\n  gateway: { port: 1 },\n  // two\n  gateway: { port: 2 },\n}\n";
    const dir = tempFiles({ "openclaw.json": text });
    const path = join(dir, "openclaw.json");
    expect(setConfigValue(path, "gateway.port", 3).warnings).toEqual([]);
    expect(readFileSync(path, "utf8")).toBe(text.replace("port: 2", "port: 3"));
    writeFileSync(path, "// notes\n{ gateway: { port: 1 ");
    expect(writeConfigFile(path, { gateway: { port: 4 } })).toEqual([
      "openclaw.json is rewritten as JSON: its comments are not kept (the previous file is saved as openclaw.json.bak)",
    ]);
    // Without comments, JSON5-only syntax is what is said to be lost; plain JSON loses nothing.
    writeFileSync(path, "{ gateway: { 'port': 1, } ");
    expect(writeConfigFile(path, { gateway: { port: 4 } })).toEqual([
      "openclaw.json is rewritten as JSON: its JSON5 syntax (unquoted keys, trailing commas, single quotes) is not kept (the previous file is saved as openclaw.json.bak)",
    ]);
    expect(writtenAsJson5('{\n  "gateway": {\n    "auth": {\n    }\n  }\n}\n')).toBe(false);
    expect(writtenAsJson5('{ "a": 1, }')).toBe(true);
    expect(writtenAsJson5("{ a: 1 }")).toBe(true);
    expect(writtenAsJson5('{ "a": "// not a comment" }')).toBe(false);
    // A file written on Windows keeps its \r\n line endings when it is written out whole.
    writeFileSync(path, "// notes\r\n{ gateway: { port: 1 ");
    writeConfigFile(path, { gateway: { port: 5 } });
    expect(readFileSync(path, "utf8")).toBe('{\r\n  "gateway": {\r\n    "port": 5\r\n  }\r\n}\r\n');
  });

  it("unset names the included file and line that set a value the main file lacks", () => {
    const dir = tempFiles({
      "openclaw.json": `{ $include: "./kimi.json5" }`,
      "kimi.json5": `{\n  agents: { defaults: { models: {\n    "kimi-code/kimi-for-coding": { alias: "Kimi Code" },\n  } } },\n}\n`,
    });
    const path = join(dir, "openclaw.json");
    expect(() =>
      unsetConfigValue(path, 'agents.defaults.models["kimi-code/kimi-for-coding"]'),
    ).toThrow(
      expect.objectContaining({
        code: "config.in_include",
        message: `agents.defaults.models["kimi-code/kimi-for-coding"] is set in ${join(dir, "kimi.json5")}:3, which openclaw.json includes with $include; config unset changes only ${path}`,
        hint: `remove it from ${join(dir, "kimi.json5")} (line 3) in an editor`,
      }),
    );
    expect(
      locateConfigValue(path, ["agents", "defaults", "models", "kimi-code/kimi-for-coding"]),
    ).toEqual({ file: join(dir, "kimi.json5"), line: 3 });
  });
});
