/** What `startGateway` warns about at start: a short token on an address others can reach. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startGateway } from "../../src/gateway/index.js";
import { tempDir } from "../helpers/tmp.js";

async function startWith(token: string, bind: string): Promise<string[]> {
  const dir = tempDir();
  writeFileSync(
    join(dir, "openclaw.json"),
    JSON.stringify({ gateway: { bind, auth: { mode: "token", token } } }),
  );
  const lines: string[] = [];
  const gateway = await startGateway({
    env: { OPENCLAW_STATE_DIR: dir },
    port: 0,
    transports: {},
    watch: false,
    log: (line) => lines.push(line),
  });
  await gateway.close();
  return lines;
}

describe("start-up warnings", () => {
  it("warns about a short token when the gateway listens beyond loopback, without showing it", async () => {
    const lines = await startWith("hunter2", "lan");
    expect(lines).toEqual([
      "gateway: warning: the gateway token has 7 characters and the gateway listens on 0.0.0.0: others on the network could guess it\n  hint: remove gateway.auth.token and restart: the gateway creates a long random one",
    ]);
    expect(await startWith("hunter2", "loopback")).toEqual([]);
    expect(await startWith("a-long-enough-token-for-the-lan-0001", "lan")).toEqual([]);
  });
});
