/**
 * `agent --image` with a picture over the 20 MB limit said "30000008 bytes is more than the 20
 * MB allowed", a count to convert by hand and no hint: it now says the size in MB, as the limit
 * is, and what to do. Exit 2, nothing sent. The built CLI (`npm run build` first) against the
 * simulator over real sockets.
 */
import { closeSync, openSync, truncateSync, writeSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();

/** A PNG's signature followed by zeros, `bytes` long (sparse: nothing is written past it). */
function bigPng(bytes: number): string {
  const file = path.join(tempDir(), "photo.png");
  const fd = openSync(file, "w");
  writeSync(fd, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  closeSync(fd);
  truncateSync(file, bytes);
  return file;
}

describe("agent --image over the size limit", () => {
  it("says the size in MB and what to do (exit 2), and sends nothing", async () => {
    const { sim, cliEnv } = await setup();
    const file = bigPng(30_000_008);
    const result = await runCli(
      ["agent", "-m", "What is this?", "--image", file, "--model", "moonshot/kimi-k2.5"],
      { env: cliEnv },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `error: --image ${file}: the file is 28.6 MB (30000008 bytes), more than the 20 MB an image may be\n` +
        "hint: make it smaller (a lower resolution, or saved as JPEG) and attach that\n",
    );
    expect(sim.chatRequests()).toHaveLength(0);
  });
});
