/**
 * An empty bind address, from `startGateway`'s option, a config object or the config file (at
 * start or on a reload), is refused: Node's listen takes host "" as every interface, so the
 * gateway would have gone onto the network when the loopback default was meant. A gateway a case
 * starts anyway is closed in `finally`, on a port the system picks.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import {
  bindAddress,
  type RunningGateway,
  type StartGatewayOptions,
  startGateway,
} from "../../src/gateway/index.js";
import { GATEWAY_TOKEN, type GatewayEnv, startGatewayEnv } from "./harness.js";

const TOKEN = "n2-empty-bind-token-0123456789";

/** What `startGateway(options)` refused with; a gateway it started is closed and fails the case. */
async function refusal(options: StartGatewayOptions): Promise<unknown> {
  let started: RunningGateway | undefined;
  try {
    started = await startGateway(options);
  } catch (error) {
    return error;
  } finally {
    await started?.close(0);
  }
  throw new Error(`startGateway listened on host "${started?.host}" instead of refusing`);
}

function objectOptions(gateway: Record<string, unknown>, bind?: unknown): StartGatewayOptions {
  return {
    port: 0,
    watch: false,
    config: { gateway: { auth: { token: TOKEN }, ledger: { enabled: false }, ...gateway } },
    env: {},
    ...(bind === undefined ? {} : { bind: bind as string }),
  };
}

const LOOPBACK_FIRST = /^leave (it|gateway\.bind) out for loopback, the default/;

describe("startGateway's bind", () => {
  it.each([
    ["empty", ""],
    ["spaces", "  "],
    ["a tab", "\t"],
  ])("refuses one that is %s, naming the option, the hint on loopback first", async (_l, bind) => {
    expect(await refusal(objectOptions({}, bind))).toMatchObject({
      name: "OpenClawError",
      code: "gateway.bad_bind",
      where: "bind",
      message: expect.stringContaining("startGateway's bind is empty"),
      hint: expect.stringMatching(LOOPBACK_FIRST),
    });
  });

  it("refuses one that is no string with the same error, not a TypeError", async () => {
    expect(await refusal(objectOptions({}, 8080))).toMatchObject({
      code: "gateway.bad_bind",
      where: "bind",
      message: expect.stringContaining("must be a string"),
    });
  });

  it('refuses gateway.bind "" in a config object, with its dotted path', async () => {
    const error = await refusal(objectOptions({ bind: "" }));
    expect(String((error as Error).message)).toContain(
      'gateway.bind: expected "loopback", "lan" or an IP address, found the string ""',
    );
    expect((error as { hint?: string }).hint).toMatch(LOOPBACK_FIRST);
    expect((error as { hint?: string }).hint).not.toContain("did you mean");
  });

  it("bindAddress refuses an empty value instead of returning the every-interface host", () => {
    expect(() => bindAddress(" ")).toThrow(expect.objectContaining({ code: "gateway.bad_bind" }));
    expect(bindAddress("loopback")).toBe("127.0.0.1");
  });
});

describe('gateway.bind "" in the config file on a reload', () => {
  let env: GatewayEnv | undefined;
  afterEach(async () => {
    await env?.close();
    env = undefined;
  });

  it("keeps serving the last good config on loopback and says what to write, at file:line", async () => {
    const lines: string[] = [];
    env = await startGatewayEnv({ start: { log: (line) => lines.push(line) } });
    expect(env.gateway.host).toBe("127.0.0.1");
    const config = JSON.parse(readFileSync(env.configPath, "utf8"));
    config.gateway.bind = "";
    writeFileSync(env.configPath, JSON.stringify(config, null, 2));
    expect(env.gateway.reload()).toBe(false);
    const said = lines.join("\n");
    expect(said).toContain("still serving the last good config");
    expect(said).toMatch(
      new RegExp(
        `gateway\\.bind: expected "loopback", "lan" or an IP address, found the string "" \\(${env.configPath.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:\\d+\\)`,
      ),
    );
    expect(said).toContain("hint: leave gateway.bind out for loopback, the default");
    expect(said).not.toContain('did you mean "lan"');
    expect(env.gateway.host).toBe("127.0.0.1");
    const models = await fetch(`${env.baseURL}/models`, {
      headers: { authorization: `Bearer ${GATEWAY_TOKEN}` },
    });
    expect(models.status).toBe(200);
  });
});
