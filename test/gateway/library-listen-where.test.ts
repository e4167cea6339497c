/**
 * startGateway's refusal of a port or address names, as its `where`, the option the program gave
 * (`port`, `bind`), as its other option errors do (`limits.maxBody`, `timeouts.idleMs`); one the
 * config set keeps the config's dotted path. Before, `where` was `gateway.port` for
 * `startGateway({ port: -1 })` (a setting the program never wrote) and absent for a port in use.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type RunningGateway, startGateway } from "../../src/index.js";
import { tempDir } from "../helpers/tmp.js";

const running: RunningGateway[] = [];
afterEach(async () => {
  for (const gateway of running.splice(0)) await gateway.close(0);
});

const TOKEN = "tok-test-listen-where-0001";

function options(gateway: Record<string, unknown> = {}) {
  return {
    watch: false,
    env: { OPENCLAW_STATE_DIR: tempDir("openclaw-listen-where-") },
    config: { gateway: { auth: { token: TOKEN }, ledger: { enabled: false }, ...gateway } },
  };
}

describe("startGateway's listen errors name what the program gave", () => {
  it("a port option out of range: where port", async () => {
    await expect(startGateway({ ...options(), port: -1 })).rejects.toMatchObject({
      code: "gateway.bad_port",
      where: "port",
    });
  });

  it("a port in use: where port when given, gateway.port when the config set it", async () => {
    const first = await startGateway({ ...options(), port: 0 });
    running.push(first);
    await expect(startGateway({ ...options(), port: first.port })).rejects.toMatchObject({
      code: "gateway.port_in_use",
      where: "port",
    });
    await expect(startGateway(options({ port: first.port }))).rejects.toMatchObject({
      code: "gateway.port_in_use",
      where: "gateway.port",
    });
  });

  it("an address not of this machine: where bind", async () => {
    await expect(startGateway({ ...options(), port: 0, bind: "192.0.2.77" })).rejects.toMatchObject(
      { code: "gateway.bad_bind", where: "bind" },
    );
  });
});
