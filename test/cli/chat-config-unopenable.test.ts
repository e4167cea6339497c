/**
 * A config changed mid-chat that loads but whose providers cannot be opened (a proxy variable in
 * its env block that is not an HTTP proxy URL): the chat said it "keeps the model allowlist it
 * had", which was not what failed. Now it says the error's own words with where the value is
 * written, that the chat keeps the providers it had, and that the next change is tried again.
 * The built CLI (`npm run build` first) in a pseudo-terminal, against the simulator over real
 * sockets.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { startTerminal } from "../helpers/pty.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();
const KEPT = /keeps the providers it had and tries again when the config next changes/g;

/** Writes `env` as the env block of the chat's config file; the file and the proxy's line. */
function setEnvBlock(
  stateDir: string,
  env: Record<string, string>,
): { file: string; line: number } {
  const file = path.join(stateDir, "openclaw.json");
  const config = JSON.parse(readFileSync(file, "utf8"));
  config.env = env;
  const text = JSON.stringify(config, null, 2);
  writeFileSync(file, text);
  return { file, line: text.split("\n").findIndex((line) => line.includes('"HTTPS_PROXY"')) + 1 };
}

describe("chat and a config whose providers cannot be opened", () => {
  it("says what failed and where, keeps the providers it had, and tries the next change", async () => {
    const { cliEnv, stateDir } = await setup();
    const { HTTPS_PROXY: _a, https_proxy: _b, ALL_PROXY: _c, all_proxy: _d, ...env } = cliEnv;
    const chat = startTerminal(["chat", "--model", "moonshot/kimi-k2.5"], { env });
    try {
      let at = await chat.waitFor(/you › /);
      chat.write("first\r");
      at = await chat.waitFor(/Echo: first/, at);
      at = await chat.waitFor(/you › /, at);
      const { file, line } = setEnvBlock(stateDir, { HTTPS_PROXY: "socks5://127.0.0.1:1080" });
      chat.write("second\r");
      at = await chat.waitFor(/hint: use the proxy's HTTP address/, at);
      const said = chat.plain().replace(/\s+/g, " ");
      expect(said).toContain(
        "warning: the config changed but its providers cannot be opened: HTTPS_PROXY names a socks5 proxy; only HTTP proxies are supported",
      );
      expect(said).toContain(`(env.HTTPS_PROXY at ${file}:${line})`);
      expect(said).not.toContain("keeps the model allowlist it had");
      // The providers it had answer.
      at = await chat.waitFor(/Echo: second/, at);
      at = await chat.waitFor(/you › /, at);
      chat.write("third\r");
      at = await chat.waitFor(/Echo: third/, at);
      at = await chat.waitFor(/you › /, at);
      expect(chat.plain().replace(/\s+/g, " ").match(KEPT)).toHaveLength(1);
      // Another change, still not a proxy it can use: tried and said again.
      setEnvBlock(stateDir, { HTTPS_PROXY: "socks5://127.0.0.1:1081" });
      chat.write("fourth\r");
      at = await chat.waitFor(/Echo: fourth/, at);
      at = await chat.waitFor(/you › /, at);
      expect(chat.plain().replace(/\s+/g, " ").match(KEPT)).toHaveLength(2);
      chat.write("/exit\r");
      expect(await chat.exited).toBe(0);
    } finally {
      chat.kill();
    }
  });
});
