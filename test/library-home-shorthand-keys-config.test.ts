/**
 * An agent dir or config path written as in a shell, `~/.openclaw/…`: Node does not expand `~`.
 * createKeyResolver({ agentDir: "~/.openclaw/agents/main/agent" }) read no credential store, so
 * every key onboarding stored was "not found" at the first run, and readAuthStore gave an empty
 * store without a word; writeAuthStore and updateAuthStore wrote under the working directory.
 * They now refuse such a dir (code `usage`, `where` `agentDir`), naming agentDir(resolveStateDir()).
 * loadConfig({ path: "~/…" }) already failed (config.not_found), but its hint said to check the
 * path for a typo; it now says that ~ is not expanded and what to pass.
 */
import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  agentDir,
  createKeyResolver,
  emptyAuthStore,
  loadConfig,
  readAuthStore,
  updateAuthStore,
  writeAuthStore,
} from "../src/index.js";
import { refusal } from "./helpers/thrown.js";
import { tempDir } from "./helpers/tmp.js";

// `~name/…` is refused as `~/…` is; on the old code it was written here, so it is removed after.
const STRAY = "~openclaw-test-home-keys";
afterAll(() => rmSync(path.join(process.cwd(), STRAY), { recursive: true, force: true }));

describe("an agent dir that starts with ~", () => {
  it("createKeyResolver refuses it when created, naming agentDir(resolveStateDir())", () => {
    const error = refusal(() => createKeyResolver({ agentDir: "~/.openclaw/agents/main/agent" }));
    expect(error.code).toBe("usage");
    expect(error.where).toBe("agentDir");
    expect(error.message).toBe(
      `createKeyResolver's agentDir "~/.openclaw/agents/main/agent" starts with ~, which only a shell expands: here it would be a directory named ~ under the working directory (${process.cwd()})`,
    );
    expect(error.hint).toContain("agentDir(resolveStateDir())");
  });

  it("readAuthStore, writeAuthStore and updateAuthStore refuse it and write nothing", () => {
    const dir = `${STRAY}/agents/main/agent`;
    expect(refusal(() => readAuthStore(dir)).where).toBe("agentDir");
    expect(refusal(() => writeAuthStore(dir, emptyAuthStore())).where).toBe("agentDir");
    expect(refusal(() => updateAuthStore(dir, (store) => store)).where).toBe("agentDir");
    expect(existsSync(path.join(process.cwd(), STRAY))).toBe(false);
  });

  it("an absolute agent dir works as before", () => {
    const dir = agentDir(tempDir());
    writeAuthStore(dir, emptyAuthStore());
    expect(readAuthStore(dir).profiles).toEqual({});
    expect(createKeyResolver({ agentDir: dir, env: {} })).toBeTypeOf("function");
  });
});

describe("loadConfig given a path that starts with ~", () => {
  it("says ~ is not expanded, where it said to check the path for a typo", () => {
    const error = refusal(() => loadConfig({ path: `${STRAY}/openclaw.json` }));
    expect(error.code).toBe("config.not_found");
    expect(error.hint).toContain(
      "~ is expanded only by a shell, so this path names a directory ~ under the working directory: pass an absolute path, such as resolveConfigPath()",
    );
    const typo = refusal(() => loadConfig({ path: path.join(tempDir(), "openclaw.jsno") }));
    expect(typo.hint).toContain("check the path for a typo");
  });
});
