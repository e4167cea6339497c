/**
 * The credential store changed by two processes at once: a profile another openclaw process
 * writes while this one is changing the store is kept, not overwritten by a copy read before.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  authStorePath,
  parseAuthStore,
  readAuthStore,
  updateAuthStore,
  withApiKeyProfile,
  writeAuthStore,
} from "../../src/auth/index.js";
import { strayFieldNote } from "../../src/auth/store.js";
import { tempDir } from "../helpers/tmp.js";

/**
 * Another process changing the store as openclaw does: it takes the store's lock, says so, and
 * 300 ms later writes the store with a kimi-code profile and lets the lock go.
 */
const OTHER_WRITER = `
const fs = require("node:fs");
const os = require("node:os");
const [store] = process.argv.slice(1);
const lock = store + ".lock";
fs.writeFileSync(lock, JSON.stringify({ pid: process.pid, host: os.hostname(), since: new Date().toISOString(), token: "other" }), { flag: "wx" });
process.stdout.write("locked\\n");
setTimeout(() => {
  const current = JSON.parse(fs.readFileSync(store, "utf8"));
  current.profiles["kimi-code:default"] = { type: "api_key", provider: "kimi-code", key: "sk-kimi-test-0001" };
  fs.writeFileSync(store, JSON.stringify(current));
  fs.rmSync(lock);
}, 300);
`;

describe("updateAuthStore", () => {
  it("keeps a profile another process writes while it is waiting to change the store", async () => {
    const agentDir = join(tempDir(), "agents", "main", "agent");
    writeAuthStore(agentDir, { version: 1, profiles: {} });
    const other = spawn(process.execPath, ["-e", OTHER_WRITER, authStorePath(agentDir)], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const [ready] = await once(other.stdout, "data");
    expect(String(ready)).toBe("locked\n");

    const result = updateAuthStore(agentDir, (store) =>
      withApiKeyProfile(store, "moonshot:default", "moonshot", { key: "sk-test-moonshot-ai-0001" }),
    );
    await once(other, "exit");

    expect(Object.keys(result.profiles).sort()).toEqual(["kimi-code:default", "moonshot:default"]);
    expect(Object.keys(readAuthStore(agentDir).profiles).sort()).toEqual([
      "kimi-code:default",
      "moonshot:default",
    ]);
  });

  it("can be called while the store's lock is already held by this process (onboarding's commit)", () => {
    const agentDir = join(tempDir(), "agent");
    const outer = updateAuthStore(agentDir, () => {
      updateAuthStore(agentDir, (inner) =>
        withApiKeyProfile(inner, "kimi-code:default", "kimi-code", { key: "sk-kimi-test-0002" }),
      );
      return withApiKeyProfile(readAuthStore(agentDir), "moonshot:default", "moonshot", {
        keyRef: { source: "env", id: "MOONSHOT_API_KEY" },
      });
    });
    expect(Object.keys(outer.profiles).sort()).toEqual(["kimi-code:default", "moonshot:default"]);
  });
});

describe("parseAuthStore", () => {
  it("says where a store stops being JSON, never quoting the text (which holds keys)", () => {
    const secret = "sk-test-stored-secret-0004";
    // JSON.parse's own message for this quotes the text: "Unexpected token 'x', …".
    const text = `{"version": 1, "profiles": {"m:default": {"type": "api_key", "provider": "m", "key": "${secret}" x}}}`;
    const column = text.indexOf(" x}") + 2;
    let error: unknown;
    try {
      parseAuthStore(text, "/s/auth-profiles.json");
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({
      code: "auth.store_invalid",
      message: `the credential store /s/auth-profiles.json:1:${column} is not valid JSON: expected ',' or '}' after a value (a missing comma?)`,
      where: `/s/auth-profiles.json:1:${column}`,
    });
    expect(JSON.stringify(error)).not.toContain(secret);
    expect(String((error as Error).message)).not.toContain(secret);
  });

  it('refuses a profile with the id "__proto__" at its line instead of losing it', () => {
    const text =
      '{\n  "version": 1,\n  "profiles": {\n    "__proto__": {"type": "api_key", "provider": "moonshot", "key": "sk-x"}\n  }\n}\n';
    expect(() => parseAuthStore(text, "/s/auth-profiles.json")).toThrow(
      'the credential store /s/auth-profiles.json:4 is invalid: "__proto__" cannot be a profile id',
    );
  });

  it("names a mistyped field of a profile with its line: did you mean", () => {
    const text =
      '{\n  "version": 1,\n  "profiles": {\n    "m:default": {\n      "type": "api_key",\n      "provder": "moonshot",\n      "key": "sk-x"\n    }\n  }\n}\n';
    expect(() => parseAuthStore(text, "/s/auth-profiles.json")).toThrow(
      'the credential store /s/auth-profiles.json:4 is invalid: profiles["m:default"].provider must be a string; /s/auth-profiles.json:6 has "provder": did you mean "provider"?',
    );
  });

  it("names the right line of every mistyped field in a store of thousands of profiles", () => {
    // Each key's line was once counted from the top of the file, and the file read again for each
    // profile: a store this size took minutes. The lines must still be each profile's own.
    const count = 3000;
    const lines = ["{", '  "version": 1,', '  "profiles": {'];
    for (let n = 0; n < count; n++) {
      lines.push(`    "moonshot:p${n}": {`, '      "type": "api_key",');
      lines.push('      "provider": "moonshot",', '      "kye": "sk-x"', "    },");
    }
    lines.push('    "moonshot:last": {"type": "api_key", "key": "sk-x"}', "  }", "}");
    const text = lines.join("\n");
    const where = "/s/auth-profiles.json";
    expect(() => parseAuthStore(text, where)).toThrow(
      `the credential store ${where}:${4 + count * 5} is invalid: profiles["moonshot:last"].provider must be a string`,
    );

    const readable = parseAuthStore(
      text.replace('"moonshot:last": {"type"', '"moonshot:last": {"provider": "m", "type"'),
      where,
    );
    for (let n = 0; n < count; n++) {
      const profile = readable.profiles[`moonshot:p${n}`];
      expect(profile && strayFieldNote(profile)).toBe(
        `${where}:${7 + n * 5} has "kye": did you mean "key"?`,
      );
    }
  });
});
