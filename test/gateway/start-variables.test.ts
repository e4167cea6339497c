/**
 * The gateway's own settings with a `${VAR}` that is not set (`gateway.bind`,
 * `gateway.ledger.path`, `gateway.cors.origins`, `gateway.auth.mode`, `gateway.auth.token`): the
 * start is refused naming the variable and the setting, before anything is written, and a reload
 * keeps the last good config and says why. Over real HTTP on 127.0.0.1.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type RunningGateway, startGateway } from "../../src/gateway/index.js";
import { tempDir } from "../helpers/tmp.js";

const TOKEN = "gw-test-token-for-variables-0001";
const running: RunningGateway[] = [];
afterEach(async () => {
  for (const gateway of running.splice(0)) await gateway.close(0);
});

function stateWith(config: unknown): { dir: string; configPath: string; text: string } {
  const dir = tempDir();
  const configPath = join(dir, "openclaw.json");
  const text = JSON.stringify(config, null, 2);
  writeFileSync(configPath, text);
  return { dir, configPath, text };
}

async function start(dir: string, vars: Record<string, string> = {}, lines: string[] = []) {
  const gateway = await startGateway({
    env: { OPENCLAW_STATE_DIR: dir, OPENCLAW_HOME: dir, ...vars },
    port: 0,
    transports: {},
    watch: false,
    openFilesLimit: undefined,
    log: (line) => lines.push(line),
  });
  running.push(gateway);
  return gateway;
}

/** GET /v1/models with the token and an Origin: the CORS origin allowed back, if any. */
function allowedOrigin(gateway: RunningGateway, origin: string, token = TOKEN) {
  return new Promise<{ status: number; allowed: string | undefined }>((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port: gateway.port,
        path: "/v1/models",
        headers: { authorization: `Bearer ${token}`, origin },
      },
      (res) => {
        res.resume();
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            allowed: res.headers["access-control-allow-origin"] as string | undefined,
          }),
        );
      },
    );
    req.on("error", reject);
    req.end();
  });
}

describe("the gateway's settings naming an unset variable", () => {
  it("refuses to start, naming the variable and the setting, and writes nothing", async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ bind: "${GW_BIND}" }, "environment variable GW_BIND is not set (used at gateway.bind)"],
      [
        { ledger: { path: "${LEDGER_DIR}/usage.sqlite" } },
        "environment variable LEDGER_DIR is not set (used at gateway.ledger.path)",
      ],
      [
        { cors: { origins: ["${APP_ORIGIN}"] } },
        "environment variable APP_ORIGIN is not set (used at gateway.cors.origins[0])",
      ],
      [
        { auth: { mode: "${AUTH_MODE}" } },
        "environment variable AUTH_MODE is not set (used at gateway.auth.mode)",
      ],
      [
        { auth: { token: "${GW_TOKEN}" } },
        "environment variable GW_TOKEN is not set (used at gateway.auth.token)",
      ],
    ];
    for (const [gateway, message] of cases) {
      const { dir, configPath, text } = stateWith({
        gateway: { auth: { token: TOKEN }, ...gateway },
      });
      await expect(start(dir), message).rejects.toMatchObject({
        name: "MissingVariableError",
        message,
        hint: `export ${/variable (\w+)/.exec(message)?.[1]}=... in your shell, or add it to the "env" block of ${configPath}`,
      });
      // No token saved (an unset mode is not read as "token"), no ledger created.
      expect(readFileSync(configPath, "utf8")).toBe(text);
      expect(readdirSync(dir)).toEqual(["openclaw.json"]);
    }
    expect(existsSync(join(process.cwd(), "${LEDGER_DIR}"))).toBe(false);
  });

  it("uses each of them once the variable is set", async () => {
    const { dir } = stateWith({
      gateway: {
        bind: "${GW_BIND}",
        ledger: { path: "${LEDGER_DIR}/usage.sqlite" },
        cors: { origins: ["${APP_ORIGIN}"] },
        auth: { mode: "${AUTH_MODE}", token: "${GW_TOKEN}" },
      },
    });
    const ledgerDir = join(dir, "ledgers");
    const gateway = await start(dir, {
      GW_BIND: "127.0.0.1",
      LEDGER_DIR: ledgerDir,
      APP_ORIGIN: "http://localhost:3000",
      AUTH_MODE: "token",
      GW_TOKEN: TOKEN,
    });
    expect(gateway.host).toBe("127.0.0.1");
    expect(gateway.ledgerPath).toBe(join(ledgerDir, "usage.sqlite"));
    expect(existsSync(join(ledgerDir, "usage.sqlite"))).toBe(true);
    expect(await allowedOrigin(gateway, "http://localhost:3000")).toEqual({
      status: 200,
      allowed: "http://localhost:3000",
    });
    expect(await allowedOrigin(gateway, "http://evil.example")).toEqual({
      status: 200,
      allowed: undefined,
    });
  });

  it("takes a token as expanded at load: an escaped $${VAR} in it stays literal", async () => {
    const literal = "${NOT_A_VARIABLE}-gateway-token-0001";
    const { dir } = stateWith({
      gateway: { auth: { token: "$${NOT_A_VARIABLE}-gateway-token-0001" } },
    });
    const gateway = await start(dir);
    expect((await allowedOrigin(gateway, "http://localhost:3000", literal)).status).toBe(200);
  });

  it("on reload keeps the last good config and says why; a start-only setting is a warning", async () => {
    const { dir, configPath } = stateWith({
      gateway: { auth: { token: TOKEN }, cors: { origins: ["http://localhost:3000"] } },
    });
    const lines: string[] = [];
    const gateway = await start(dir, {}, lines);
    const rewrite = (gatewayConfig: Record<string, unknown>) =>
      writeFileSync(
        configPath,
        JSON.stringify({ gateway: { auth: { token: TOKEN }, ...gatewayConfig } }),
      );

    rewrite({ cors: { origins: ["${APP_ORIGIN}"] } });
    expect(gateway.reload()).toBe(false);
    expect(lines.at(-1)).toBe(
      `gateway: config reload failed, still serving the last good config: environment variable APP_ORIGIN is not set (used at gateway.cors.origins[0])\n  hint: export APP_ORIGIN=... in your shell, or add it to the "env" block of ${configPath}`,
    );
    expect((await allowedOrigin(gateway, "http://localhost:3000")).allowed).toBe(
      "http://localhost:3000",
    );

    rewrite({ auth: { mode: "${AUTH_MODE}", token: TOKEN } });
    expect(gateway.reload()).toBe(false);
    expect(lines.at(-1)).toMatch(
      /reload failed, still serving the last good config: environment variable AUTH_MODE is not set \(used at gateway\.auth\.mode\)/,
    );

    rewrite({ auth: { token: "${GW_TOKEN}" } });
    expect(gateway.reload()).toBe(false);
    expect(lines.at(-1)).toMatch(
      /environment variable GW_TOKEN is not set \(used at gateway\.auth\.token\)/,
    );
    expect((await allowedOrigin(gateway, "http://localhost:3000")).status).toBe(200);

    // Read at start only: the reload goes through, and the next start's failure is foretold.
    rewrite({ bind: "${GW_BIND}" });
    expect(gateway.reload()).toBe(true);
    expect(lines.at(-1)).toBe(
      `gateway: warning: environment variable GW_BIND is not set (used at gateway.bind); gateway.bind is read at start only: this gateway goes on as it is, the next start will fail\n  hint: export GW_BIND=... in your shell, or add it to the "env" block of ${configPath}`,
    );
  });
});
