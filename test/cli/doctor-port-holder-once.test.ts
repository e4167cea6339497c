/**
 * `openclaw doctor` with a gateway already running on the configured port: it says so, having
 * asked that gateway's /healthz once. Before, the listen check asked it, and doctor asked again.
 */
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempFiles } from "../helpers/tmp.js";

let holder: Server;
let port = 0;
const asked: string[] = [];
beforeAll(async () => {
  // Answers as a gateway's /healthz does.
  holder = createServer((req, res) => {
    asked.push(req.url ?? "");
    res.setHeader("content-type", "application/json");
    res.end('{"status":"ok"}');
  });
  await new Promise<void>((resolve) => holder.listen(0, "127.0.0.1", resolve));
  const address = holder.address();
  port = typeof address === "object" && address ? address.port : 0;
});
afterAll(async () => {
  holder.closeAllConnections();
  await new Promise<void>((resolve) => holder.close(() => resolve()));
});

describe("doctor on a port an openclaw gateway holds", () => {
  it("says a gateway is running there, asking its /healthz once", async () => {
    const dir = tempFiles({ "openclaw.json": `{gateway: {port: ${port}}}\n` });
    const result = await runCli(["doctor"], { env: { OPENCLAW_STATE_DIR: dir, HOME: dir } });
    expect(result.stdout).toContain(`a gateway is running on 127.0.0.1:${port}`);
    expect(asked).toEqual(["/healthz"]);
  });
});
