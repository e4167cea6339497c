/**
 * A program's gateway (startGateway) whose relay refuses the key of an environment variable: the
 * start's line ended "then check it with: openclaw models status --probe" whoever started it. In a
 * shell that command reads the shell's state dir, not the one the program's env names, and never
 * the config object a program passes nor the key its own resolveKey returns. Now the command
 * carries the gateway's state dir; a config object is told what makes a fix take; a key the
 * program's resolveKey returned is said to come from that function (it was "read from the
 * environment", with a setting of the config to change). Real sockets: a loopback relay refusing
 * every key.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import JSON5 from "json5";
import { describe, expect, it, onTestFinished } from "vitest";
import { type StartGatewayOptions, startGateway, toResolvedKey } from "../../src/index.js";
import { defaultTransports } from "../../src/runtime/index.js";
import { refusingRelay } from "../helpers/refusing-relay.js";
import { writeRelayConfig } from "../helpers/relay-gateway.js";
import { eventually } from "../helpers/wait.js";

const RELAY_KEY = "sk-fake-test-key-0001";
const relay = refusingRelay();

/** Starts a program's gateway with `options`, resolved once it said something of the relay. */
async function programGateway(
  options: Pick<StartGatewayOptions, "config" | "env" | "resolveKey">,
): Promise<string> {
  const lines: string[] = [];
  const gateway = await startGateway({
    ...options,
    port: 0,
    transports: await defaultTransports(),
    log: (line) => lines.push(line),
  });
  onTestFinished(async () => {
    await gateway.close(2000);
  });
  const said = () => lines.join("\n");
  await eventually(() => said().includes("relay ("), 15_000, "the relay's verdict");
  return said();
}

/** A state dir of the test's own holding the relay's config, and the env naming it. */
function relayStateDir(apiKey: string) {
  const { dir, at } = writeRelayConfig({
    token: "test-gateway-token-program-relay-01",
    relayBaseUrl: relay.baseUrl,
    apiKey,
  });
  const env = { PATH: process.env.PATH, OPENCLAW_STATE_DIR: dir, OPENCLAW_HOME: dir };
  return { dir, at, env };
}

describe("a program's gateway whose relay refuses the key of its variable", () => {
  it("on a config file of another state dir than the shell's, names that state dir", async () => {
    const { dir, env } = relayStateDir("${RELAY_API_KEY}");
    const said = await programGateway({ env: { ...env, RELAY_API_KEY: RELAY_KEY } });
    expect(said).toContain(
      `; then check it with: OPENCLAW_STATE_DIR=${dir} openclaw models status --probe`,
    );
    expect(said).not.toContain("then check it with: openclaw");
    expect(said).not.toContain(RELAY_KEY);
  }, 30_000);

  it("on a config object, says what makes a fix take rather than a command", async () => {
    const { dir, env } = relayStateDir("${RELAY_API_KEY}");
    // The same config as the file, given as an object.
    const config: StartGatewayOptions["config"] = JSON5.parse(
      readFileSync(join(dir, "openclaw.json"), "utf8"),
    );
    const said = await programGateway({ config, env: { ...env, RELAY_API_KEY: RELAY_KEY } });
    expect(said).toContain(
      "the key RELAY_API_KEY holds is not one relay takes; /v1/models lists its configured models as they are",
    );
    expect(said).toContain(
      "in place of ${RELAY_API_KEY}; then call startGateway again: it reads its config object and env when called",
    );
    expect(said).not.toContain("models status --probe");
    expect(said).not.toContain(RELAY_KEY);
  }, 30_000);

  it("with its own resolveKey, says the key came from that function", async () => {
    const { env } = relayStateDir("sk-fake-test-key-0002");
    const said = await programGateway({
      env,
      resolveKey: () => toResolvedKey(RELAY_KEY, { kind: "env", variable: "VAULT_KEY" }),
    });
    const host = new URL(relay.baseUrl).host;
    expect(said).toContain(
      `gateway: relay (${host}) refused VAULT_KEY (401), returned by the resolveKey function given to startGateway: the key VAULT_KEY holds is not one relay takes`,
    );
    expect(said).toContain(
      "hint: the key came from the resolveKey function given to startGateway (its source: $VAULT_KEY): have that function return the right key for relay",
    );
    expect(said).not.toContain("read from the environment");
    expect(said).not.toContain("set models.providers.relay.apiKey");
    expect(said).not.toContain(RELAY_KEY);
  }, 30_000);
});
