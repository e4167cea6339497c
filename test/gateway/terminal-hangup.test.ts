/**
 * The built `openclaw gateway` in a real terminal (a pseudo-terminal, as a terminal window or an
 * ssh session gives it) that is closed while a stream runs: the kernel sends SIGHUP, and every
 * later write to the terminal fails with EIO. The gateway drains as on SIGTERM: the stream ends
 * whole and its ledger row is written. It then ends by SIGHUP, as a process whose terminal closed
 * does; Node 20's own exit aborted on the closed terminal (SIGABRT, or SIGSEGV, with a core).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { constants, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gatewayEnv } from "../helpers/gateway-process.js";
import { startTerminal, type Terminal } from "../helpers/pty.js";
import { type Simulator, startSimulator } from "../simulator/index.js";
import { GATEWAY_TOKEN, simConfig } from "./harness.js";

const root = resolve(import.meta.dirname, "../..");
const bin = join(root, "bin", "openclaw.js");

let sim: Simulator;
const dirs: string[] = [];
const terminals: Terminal[] = [];

beforeAll(async () => {
  // `npm run build` first (the CLI runs from dist).
  expect(existsSync(join(root, "dist", "cli", "main.js"))).toBe(true);
  sim = await startSimulator({ serveRetiredModels: true });
});
afterAll(async () => {
  for (const terminal of terminals) terminal.kill();
  await sim?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe.runIf(process.platform === "linux")(
  "openclaw gateway in a terminal that is closed while a stream runs",
  () => {
    it("drains: the stream ends whole, the ledger has its row, and it ends by SIGHUP, not a crash", async () => {
      const dir = mkdtempSync(join(tmpdir(), "openclaw-hangup-"));
      dirs.push(dir);
      const configPath = join(dir, "openclaw.json");
      writeFileSync(
        configPath,
        JSON.stringify(simConfig(sim, { gateway: { limits: { drainTimeoutMs: 60_000 } } })),
      );
      const config = readFileSync(configPath, "utf8");
      const env = gatewayEnv(dir, sim.keys);
      const terminal = startTerminal(["gateway", "--port", "0"], {
        env: Object.fromEntries(
          Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
        ),
      });
      terminals.push(terminal);
      await terminal.waitFor(/listening on http:\S+/, 0);
      const url = /listening on (http:\S+)/.exec(terminal.plain())?.[1] as string;

      const text = "hangup ".repeat(40);
      sim.script([
        {
          when: { model: "kimi-k2-turbo-preview" },
          respond: { chunkDelayMs: 50, reply: { text }, stream: { chunkChars: 7 } },
        },
      ]);
      const client = new OpenAI({ apiKey: GATEWAY_TOKEN, baseURL: `${url}/v1`, maxRetries: 0 });
      const stream = await client.chat.completions.create({
        model: "moonshot/kimi-k2-turbo-preview",
        stream: true,
        messages: [{ role: "user", content: "hi" }],
      });
      const chunks = stream[Symbol.asyncIterator]();
      const first = await chunks.next();
      let received = first.done ? "" : (first.value.choices[0]?.delta.content ?? "");

      // The terminal goes away: SIGHUP, and the drain's own line cannot be written (EIO).
      terminal.hangUp();
      for (let next = await chunks.next(); !next.done; next = await chunks.next())
        received += next.value.choices[0]?.delta.content ?? "";
      expect(received).toBe(text);
      // Ended by SIGHUP (a shell shows 129): not SIGABRT or SIGSEGV.
      expect(await terminal.ended).toEqual({ code: 0, signal: constants.signals.SIGHUP });
      // The ledger was closed (its journal folded in), and the config is as it was.
      expect(existsSync(join(dir, "usage.sqlite-wal"))).toBe(false);
      expect(existsSync(join(dir, "usage.sqlite-shm"))).toBe(false);
      expect(readFileSync(configPath, "utf8")).toBe(config);

      const listed = JSON.parse(
        execFileSync(process.execPath, [bin, "usage", "--last", "5", "--json"], {
          env,
          encoding: "utf8",
        }),
      ) as { requests: { status: number; modelRequested: string }[] };
      expect(listed.requests.map((row) => `${row.status} ${row.modelRequested}`)).toEqual([
        "200 moonshot/kimi-k2-turbo-preview",
      ]);
    });
  },
);
