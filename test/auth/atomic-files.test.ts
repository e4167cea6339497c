import {
  closeSync,
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { commitFiles } from "../../src/auth/index.js";
import { tempDir } from "../helpers/tmp.js";

describe("commitFiles: both files change or neither does", () => {
  it("writes 0600 files in 0700 dirs and keeps a .bak of the old content", () => {
    const dir = tempDir();
    const a = join(dir, "deep", "a.json");
    const b = join(dir, "b.json");
    writeFileSync(b, "old b");
    commitFiles([
      { path: a, content: "new a" },
      { path: b, content: "new b" },
    ]);
    expect(readFileSync(a, "utf8")).toBe("new a");
    expect(readFileSync(b, "utf8")).toBe("new b");
    expect(readFileSync(`${b}.bak`, "utf8")).toBe("old b");
    expect(statSync(a).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, "deep")).mode & 0o777).toBe(0o700);
  });

  it("puts the first file back when the second cannot be replaced", () => {
    const dir = tempDir();
    const store = join(dir, "auth-profiles.json");
    const config = join(dir, "openclaw.json");
    writeFileSync(store, "old store");
    writeFileSync(config, "old config");
    // A non-empty directory where the config's backup goes: replacing the config fails after the
    // store was already replaced.
    mkdirSync(join(`${config}.bak`, "blocker"), { recursive: true });
    expect(() =>
      commitFiles([
        { path: store, content: "new store" },
        { path: config, content: "new config" },
      ]),
    ).toThrow(/could not replace .*openclaw\.json/);
    expect(readFileSync(store, "utf8")).toBe("old store");
    expect(readFileSync(config, "utf8")).toBe("old config");
  });

  it("removes a file it created when a later one fails", () => {
    const dir = tempDir();
    const created = join(dir, "new.json");
    const blocked = join(dir, "blocked.json");
    writeFileSync(blocked, "old");
    mkdirSync(join(`${blocked}.bak`, "x"), { recursive: true });
    expect(() =>
      commitFiles([
        { path: created, content: "x" },
        { path: blocked, content: "y" },
      ]),
    ).toThrow(/could not replace/);
    expect(existsSync(created)).toBe(false);
    expect(readFileSync(blocked, "utf8")).toBe("old");
  });

  it("never writes the old content into a .bak others could read: a new 0600 file takes its place", () => {
    const dir = tempDir();
    const config = join(dir, "openclaw.json");
    const backup = `${config}.bak`;
    writeFileSync(config, '{ apiKey: "sk-secret-0000000000000001" }');
    // A .bak left world-readable (an older version, a copy by hand), opened by someone meanwhile.
    writeFileSync(backup, "{}", { mode: 0o644 });
    const reader = openSync(backup, "r");
    try {
      commitFiles([{ path: config, content: "{}" }]);
      const seen = Buffer.alloc(256);
      const length = readSync(reader, seen, 0, seen.length, 0);
      expect(seen.subarray(0, length).toString("utf8")).toBe("{}");
    } finally {
      closeSync(reader);
    }
    expect(readFileSync(backup, "utf8")).toContain("sk-secret-0000000000000001");
    expect(statSync(backup).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).sort()).toEqual(["openclaw.json", "openclaw.json.bak"]);
  });

  it("replaces a .bak that is a link instead of writing the secrets into the file it names", () => {
    const dir = tempDir();
    const config = join(dir, "openclaw.json");
    const elsewhere = join(dir, "shared.txt");
    writeFileSync(config, '{ apiKey: "sk-secret-0000000000000002" }');
    writeFileSync(elsewhere, "notes", { mode: 0o644 });
    symlinkSync(elsewhere, `${config}.bak`);
    commitFiles([{ path: config, content: "{}" }]);
    expect(readFileSync(elsewhere, "utf8")).toBe("notes");
    expect(lstatSync(`${config}.bak`).isSymbolicLink()).toBe(false);
    expect(readFileSync(`${config}.bak`, "utf8")).toContain("sk-secret-0000000000000002");
  });
});
