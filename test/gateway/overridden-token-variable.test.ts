/**
 * `OPENCLAW_GATEWAY_TOKEN` set while the config has `gateway.auth.token`: the config's wins, and
 * clients given the variable's token (the help's former `OPENCLAW_GATEWAY_TOKEN=$(openssl rand -hex 32)
 * openclaw gateway`, after a first start saved one) were refused with 401 while the start said
 * only `token: gateway.auth.token in …`. Now the start warns, naming where the variable was set,
 * never either token. One that holds the config's own token (the README's export) is not named.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startGateway } from "../../src/gateway/index.js";
import { tempDir } from "../helpers/tmp.js";

const CONFIG_TOKEN = "config-token-0123456789abcdef0123";
const OTHER_TOKEN = "variable-token-0123456789abcdef01";

async function startLines(
  config: Record<string, unknown>,
  env: Record<string, string>,
): Promise<string[]> {
  const dir = tempDir();
  writeFileSync(join(dir, "openclaw.json"), JSON.stringify(config));
  const lines: string[] = [];
  const gateway = await startGateway({
    env: { OPENCLAW_STATE_DIR: dir, ...env },
    port: 0,
    transports: {},
    watch: false,
    log: (line) => lines.push(line),
  });
  await gateway.close();
  return lines;
}

const withToken = { gateway: { auth: { mode: "token", token: CONFIG_TOKEN } } };

describe("OPENCLAW_GATEWAY_TOKEN overridden by gateway.auth.token", () => {
  it("is named at start when the shell's variable holds another token", async () => {
    const lines = await startLines(withToken, { OPENCLAW_GATEWAY_TOKEN: OTHER_TOKEN });
    const warning = lines.find((line) => line.includes("OPENCLAW_GATEWAY_TOKEN"));
    expect(warning).toBe(
      "gateway: warning: OPENCLAW_GATEWAY_TOKEN is set in the environment to another token than gateway.auth.token, which wins over it: clients sending the variable's token are refused\n  hint: to use the variable's, remove gateway.auth.token from the config and restart; else unset OPENCLAW_GATEWAY_TOKEN and give clients the config's token",
    );
    expect(lines.join("\n")).not.toContain(OTHER_TOKEN);
    expect(lines.join("\n")).not.toContain(CONFIG_TOKEN);
  });

  it("says so of the config's env block too", async () => {
    const lines = await startLines(
      { ...withToken, env: { OPENCLAW_GATEWAY_TOKEN: OTHER_TOKEN } },
      {},
    );
    expect(lines.join("\n")).toContain(
      "OPENCLAW_GATEWAY_TOKEN is set in the config's env block to another token than gateway.auth.token",
    );
  });

  it("says nothing when the variable holds the config's token, or is not set", async () => {
    const same = await startLines(withToken, { OPENCLAW_GATEWAY_TOKEN: CONFIG_TOKEN });
    const unset = await startLines(withToken, {});
    expect([...same, ...unset].join("\n")).not.toContain("OPENCLAW_GATEWAY_TOKEN");
  });
});
