/**
 * A program's calls on a gateway `startGateway` gave it, once it closed it. Before, `reload()`
 * after `close()` read the config again and returned true, though nothing served it; now it
 * throws code `gateway.closed`, as a session writer's `append` after `close()` throws
 * `session_closed`. A second `close()` is harmless.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isOpenClawError, startGateway } from "../../src/index.js";
import { tempDir } from "../helpers/tmp.js";

const TOKEN = "test-gateway-token-after-close-0001";

async function startFromFile() {
  const dir = tempDir("h19-after-close-");
  const file = join(dir, "openclaw.json");
  writeFileSync(file, JSON.stringify({ gateway: { auth: { mode: "token", token: TOKEN } } }));
  const lines: string[] = [];
  const gateway = await startGateway({
    env: { OPENCLAW_STATE_DIR: dir },
    port: 0,
    transports: {},
    watch: false,
    log: (line) => lines.push(line),
  });
  return { gateway, file, lines };
}

function thrown(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe("startGateway's gateway after close()", () => {
  it("reloads while open, and refuses reload() once closed with code gateway.closed", async () => {
    const { gateway, file, lines } = await startFromFile();
    expect(gateway.reload()).toBe(true);
    await gateway.close();
    const before = lines.length;
    writeFileSync(
      file,
      JSON.stringify({ gateway: { auth: { mode: "token", token: TOKEN }, limits: {} } }),
    );
    const error = thrown(() => gateway.reload());
    expect(isOpenClawError(error)).toBe(true);
    expect(error).toMatchObject({
      code: "gateway.closed",
      message: `reload() on the gateway at ${gateway.url}: it is closed`,
      where: "reload()",
    });
    expect((error as { hint?: string }).hint).toContain("call startGateway again");
    // Nothing was read or told after the close.
    expect(lines.slice(before)).toEqual([]);
  });

  it("refuses reload() while close() drains and after stopNow()", async () => {
    const first = await startFromFile();
    const closing = first.gateway.close();
    expect(thrown(() => first.gateway.reload())).toMatchObject({ code: "gateway.closed" });
    await closing;

    const second = await startFromFile();
    await second.gateway.stopNow();
    expect(thrown(() => second.gateway.reload())).toMatchObject({ code: "gateway.closed" });
  });

  it("takes a second close() without harm: the same result, the port freed", async () => {
    const { gateway } = await startFromFile();
    const once = await gateway.close();
    const twice = await gateway.close();
    expect(twice).toEqual(once);
    await expect(fetch(`${gateway.url}/health`)).rejects.toThrow();
  });
});
