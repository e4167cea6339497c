/**
 * What `startGateway` warns about at start: a short token on an address others can reach, and an
 * open-files limit too low for the configured streams.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startGateway } from "../../src/gateway/index.js";
import { tempDir } from "../helpers/tmp.js";

async function startWith(token: string, bind: string, openFiles?: number): Promise<string[]> {
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
    // The machine's own limit stays out of it unless a test sets one.
    openFilesLimit: openFiles,
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

  it("says nothing of a short token when the start is refused for an address it cannot listen on", async () => {
    const dir = tempDir();
    // 192.0.2.1 (TEST-NET-1) is no address of this machine: the listen is refused, no network asked.
    writeFileSync(
      join(dir, "openclaw.json"),
      JSON.stringify({ gateway: { bind: "192.0.2.1", auth: { mode: "token", token: "hunter2" } } }),
    );
    const lines: string[] = [];
    const start = startGateway({
      env: { OPENCLAW_STATE_DIR: dir },
      port: 0,
      transports: {},
      watch: false,
      log: (line) => lines.push(line),
    });
    await expect(start).rejects.toMatchObject({ code: "gateway.bad_bind" });
    expect(lines.join("\n")).not.toContain("could guess it");
  });

  it("says when the open-files limit carries fewer streams than configured, and what to do", async () => {
    const token = "a-long-enough-token-for-the-lan-0001";
    expect(await startWith(token, "loopback", 150)).toEqual([
      "gateway: warning: this process may open 150 files, and 1024 concurrent streams need about 2112 (a client and an upstream socket each): serving at most 43 at once (beyond that, clients get 429 gateway_busy with Retry-After) and accepting at most 43 connections\n  hint: raise the open-files limit (the hard one: ulimit -Hn, LimitNOFILE= under systemd, --ulimit nofile= for docker), or set gateway.limits.maxConcurrentStreams to 43 to silence this",
    ]);
    expect(await startWith(token, "loopback", 20_000)).toEqual([]);
  });
});
