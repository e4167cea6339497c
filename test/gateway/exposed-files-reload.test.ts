/**
 * A config holding the gateway token, or the credential store, saved under a running gateway the
 * way an editor saves by rename (a new file written, then renamed over the old one): the new file
 * has the umask's mode, here 0644, so other users can read the token or the keys. The reload says
 * so once per file, with the chmod that fixes it, and leaves the mode alone. The gateway runs in
 * this process with its real watcher, the simulator upstream.
 */
import { chmodSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { withApiKeyProfile, writeAuthStore } from "../../src/auth/store.js";
import { agentDir } from "../../src/config/index.js";
import { eventually, type GatewayEnv, startGatewayEnv } from "./harness.js";

const closing: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closing.splice(0)) await close();
});

/** Saves `text` to `path` as a rename-saving editor does, the new file made with `mode`. */
function saveByRename(path: string, text: string, mode: number): void {
  const temp = `${path}.swp-new`;
  writeFileSync(temp, text);
  chmodSync(temp, mode); // whatever the umask of the test run: as a umask of 022 leaves it
  renameSync(temp, path);
}

/** The config at `path` with kimi-k2.5's alias set to `alias`. */
function withAlias(path: string, alias: string): string {
  const config = JSON.parse(readFileSync(path, "utf8"));
  config.agents.defaults.models["moonshot/kimi-k2.5"] = { alias };
  return JSON.stringify(config, null, 2);
}

const exposedLine = (label: string, path: string) =>
  `gateway: warning: the ${label} ${path} can be read by other users (mode 644, was 600) and holds secrets\n  hint: chmod 600 ${path} (an editor that saves a new file in its place gives it the default mode)`;

describe("a config holding the gateway token, saved by rename as 0644 under a running gateway", () => {
  it("is said once, with the chmod; again only after it was private in between", async () => {
    const lines: string[] = [];
    const env: GatewayEnv = await startGatewayEnv({
      start: { watch: true, log: (line) => lines.push(line) },
    });
    closing.push(() => env.close());
    const { configPath } = env;
    const reloaded = `gateway: config reloaded from ${configPath} (${configPath} changed)`;
    const warning = exposedLine("config", configPath);
    /** Saves the config by rename as `mode` and waits for its reload. */
    const save = async (alias: string, mode: number) => {
      const before = lines.length;
      saveByRename(configPath, withAlias(configPath, alias), mode);
      await eventually(() => lines.slice(before).includes(reloaded), 5000, `${alias}'s reload`);
    };
    const warnings = () => lines.filter((line) => line === warning).length;

    // Saved as openclaw writes it: nothing to say. (Open to others at start, as the harness
    // writes it, it was doctor's to say, not the gateway's.)
    await save("K0", 0o600);
    expect(warnings()).toBe(0);
    await save("K1", 0o644);
    expect(warnings()).toBe(1);
    // Told, not changed: the person's file keeps the mode the editor gave it.
    expect(statSync(configPath).mode & 0o777).toBe(0o644);
    // The token itself is never in the log.
    expect(lines.join("\n")).not.toContain("test-gateway-token-0001");

    // Saved again the same way: not said a second time.
    await save("K2", 0o644);
    expect(warnings()).toBe(1);

    // Made private (and saved so), then exposed again: said again.
    await save("K3", 0o600);
    await save("K4", 0o644);
    expect(warnings()).toBe(2);
  });

  it("says nothing of a config that holds no secret", async () => {
    const lines: string[] = [];
    const env: GatewayEnv = await startGatewayEnv({
      // No token in the file (its key is a ${VAR} reference too): nothing secret in it.
      gateway: { auth: { mode: "none" } },
      start: { watch: true, log: (line) => lines.push(line) },
    });
    closing.push(() => env.close());
    const { configPath } = env;
    const reloaded = `gateway: config reloaded from ${configPath} (${configPath} changed)`;
    const count = () => lines.filter((line) => line === reloaded).length;
    saveByRename(configPath, withAlias(configPath, "K0"), 0o600);
    await eventually(() => count() === 1, 5000, "reload");
    saveByRename(configPath, withAlias(configPath, "K1"), 0o644);
    await eventually(() => count() === 2, 5000, "reload");
    expect(lines.join("\n")).not.toContain("can be read by other users");
  });
});

describe("a credential store saved by rename as 0644 under a running gateway", () => {
  it("is said once, with the chmod", async () => {
    const lines: string[] = [];
    const env: GatewayEnv = await startGatewayEnv({
      start: { watch: true, log: (line) => lines.push(line) },
    });
    closing.push(() => env.close());
    // The config holds the token: made private first (its own reload), to hear of the store only.
    chmodSync(env.configPath, 0o600);
    const configRead = `gateway: config reloaded from ${env.configPath} (${env.configPath} changed)`;
    await eventually(() => lines.includes(configRead), 5000, "the config's reload");
    const agent = agentDir(env.stateDir);
    writeAuthStore(
      agent,
      withApiKeyProfile({ version: 1, profiles: {} }, "moonshot:default", "moonshot", {
        key: env.sim.keys.moonshot,
      }),
    );
    const store = join(agent, "auth-profiles.json");
    // One reload (the config's chmod may be in it too), naming the store.
    const storeRead = (line: string) =>
      line.startsWith(`gateway: config reloaded from ${env.configPath} (`) &&
      line.includes(`${store} (the credential store)`);
    await eventually(() => lines.some(storeRead), 5000, "the store's reload");
    expect(lines.join("\n")).not.toContain("can be read by other users");

    const before = lines.length;
    saveByRename(store, readFileSync(store, "utf8"), 0o644);
    const warning = exposedLine("credential store", store);
    await eventually(() => lines.slice(before).includes(warning), 5000, "the warning");
    expect(lines.join("\n")).not.toContain(env.sim.keys.moonshot);
  });
});
