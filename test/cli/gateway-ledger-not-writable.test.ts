/**
 * A usage ledger the gateway's user may not write (`chmod 444`, or made by `sudo openclaw
 * gateway`). The gateway refused it at start, but SQLite had by then opened it read-only and made
 * its `-wal` and `-shm` beside it, read-only too. Made writable again as the hint said, the next
 * start still failed (`attempt to write a readonly database`), or, with only the `-shm` left
 * read-only, started and failed every write: rows kept in memory, never in the ledger. Now the
 * gateway looks before SQLite opens anything: it names
 * the part that cannot be written (the file, a journal file, the directory) and leaves nothing.
 * As root every file can be written, so there the gateway runs as nobody (permissionsBindUnder).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { GATEWAY_TOKEN, simConfig } from "../gateway/harness.js";
import { CLI, permissionsBindUnder, runCli } from "../helpers/cli.js";
import { gatewayEnv, killGatewayProcesses, trackProcess } from "../helpers/gateway-process.js";
import { tempDir } from "../helpers/tmp.js";
import { type Simulator, startSimulator } from "../simulator/index.js";

let sim: Simulator | undefined;

afterEach(async () => {
  killGatewayProcesses();
  await sim?.close();
  sim = undefined;
});

interface Finding {
  check: string;
  level: string;
  message: string;
}

interface Gateway {
  child: ChildProcess;
  output: () => { stdout: string; stderr: string };
  exited: Promise<number | null>;
}

function spawnGateway(env: NodeJS.ProcessEnv, user?: { uid: number; gid: number }): Gateway {
  const child = spawn(process.execPath, [CLI, "gateway", "--port", "0"], {
    env,
    ...user,
    stdio: ["ignore", "pipe", "pipe"],
  });
  trackProcess(child);
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  return { child, output: () => ({ stdout, stderr }), exited };
}

/** Its URL once it listens; rejects when it exits first. */
function listening(gateway: Gateway): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(gateway.output().stdout);
      if (match?.[1]) resolve(match[1]);
    };
    gateway.child.stdout?.on("data", check);
    void gateway.exited.then((code) =>
      reject(new Error(`gateway exited with ${code}: ${gateway.output().stderr}`)),
    );
  });
}

/** Its exit code, or "listening" when it started instead of refusing. */
function refusedOrListening(gateway: Gateway): Promise<number | null | "listening"> {
  return Promise.race([
    gateway.exited,
    listening(gateway).then(
      () => "listening" as const,
      () => gateway.exited,
    ),
  ]);
}

/** A state dir with the simulator's config and a ledger in WAL mode, as a gateway leaves it. */
async function stateWithLedger(): Promise<{ dir: string; ledger: string; env: NodeJS.ProcessEnv }> {
  sim = await startSimulator({ serveRetiredModels: true });
  const dir = join(tempDir("openclaw-ledger-ro-"), "state");
  mkdirSync(dir);
  writeFileSync(join(dir, "openclaw.json"), JSON.stringify(simConfig(sim)));
  const ledger = join(dir, "usage.sqlite");
  const db = new Database(ledger);
  db.pragma("journal_mode = WAL");
  db.close();
  return { dir, ledger, env: gatewayEnv(dir, sim.keys) };
}

const journals = (dir: string) => readdirSync(dir).filter((name) => /-(wal|shm)$/.test(name));

describe("a usage ledger the gateway may not write", () => {
  it("is refused by name and left alone, so the gateway writes it once it is made writable", async () => {
    const { dir, ledger, env } = await stateWithLedger();
    const user = permissionsBindUnder(join(dir, ".."));
    chmodSync(ledger, 0o444);

    const refused = spawnGateway(env, user);
    expect(await refused.exited).toBe(1);
    expect(journals(dir)).toEqual([]);
    const { stderr } = refused.output();
    expect(stderr).toContain(`cannot open the usage ledger ${ledger}: permission denied`);
    expect(stderr).toContain(`hint: make ${ledger} writable for the user the gateway runs as`);

    // What the hint says; then the gateway writes the ledger as its start line says it does.
    chmodSync(ledger, 0o644);
    const gateway = spawnGateway(env, user);
    const url = await listening(gateway);
    const answer = await fetch(`${url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({
        model: "moonshot/kimi-k2.5",
        messages: [{ role: "user", content: "hi" }],
      }),
    });
    expect(answer.status).toBe(200);
    gateway.child.kill("SIGTERM");
    await gateway.exited;
    expect(gateway.output().stderr).not.toContain("could not write the usage ledger");
    const usage = await runCli(["usage", "--last", "5", "--json"], {
      env: env as Record<string, string>,
      user,
    });
    expect(usage.code).toBe(0);
    expect((JSON.parse(usage.stdout) as { requests: unknown[] }).requests).toHaveLength(1);
  }, 60_000);

  it("names a journal file left read-only beside it, and a directory it cannot make one in", async () => {
    const { dir, ledger, env } = await stateWithLedger();
    writeFileSync(`${ledger}-shm`, "");
    const user = permissionsBindUnder(join(dir, ".."));
    chmodSync(`${ledger}-shm`, 0o444);
    const journal = spawnGateway(env, user);
    expect(await refusedOrListening(journal)).toBe(1);
    expect(journal.output().stderr).toContain(
      `cannot open the usage ledger ${ledger}: its journal ${ledger}-shm cannot be written (permission denied)`,
    );
    expect(journal.output().stderr).toContain("or remove it while no gateway runs");
    // doctor fails it too, in the gateway's words, instead of finding the ledger fine.
    const doctor = await runCli(["doctor", "--json"], { env: env as Record<string, string>, user });
    const findings = (JSON.parse(doctor.stdout) as { findings: Finding[] }).findings;
    expect(findings.filter((finding) => finding.check === "ledger")).toContainEqual(
      expect.objectContaining({
        level: "fail",
        message: `the usage ledger ${ledger} cannot be written: its journal ${ledger}-shm cannot be written (permission denied) (openclaw gateway would not start)`,
      }),
    );

    chmodSync(`${ledger}-shm`, 0o644);
    // A -wal holds rows not yet in the ledger: the hint does not say to remove it.
    writeFileSync(`${ledger}-wal`, "");
    chmodSync(`${ledger}-wal`, 0o444);
    const log = spawnGateway(env, user);
    expect(await refusedOrListening(log)).toBe(1);
    expect(log.output().stderr).toContain(`its journal ${ledger}-wal cannot be written`);
    expect(log.output().stderr).toContain("do not remove it: it holds rows not yet in the ledger");
    expect(log.output().stderr).not.toContain("remove it while no gateway runs");
    rmSync(`${ledger}-wal`);

    chmodSync(dir, 0o555);
    const directory = spawnGateway(env, user);
    expect(await refusedOrListening(directory)).toBe(1);
    expect(directory.output().stderr).toContain(
      `its directory ${dir} cannot be written (permission denied); SQLite makes usage.sqlite-wal and usage.sqlite-shm beside the ledger`,
    );
    chmodSync(dir, 0o755);
  }, 60_000);

  it("with no ledger yet in a directory it may not write, doctor says what the gateway says", async () => {
    const dir = join(tempDir("openclaw-ledger-ro-"), "state");
    mkdirSync(dir);
    writeFileSync(
      join(dir, "openclaw.json"),
      JSON.stringify({ gateway: { auth: { token: "no-ledger-yet-token-0001" } } }),
    );
    const ledger = join(dir, "usage.sqlite");
    const user = permissionsBindUnder(join(dir, ".."));
    chmodSync(dir, 0o555);
    try {
      const env = { OPENCLAW_STATE_DIR: dir, HOME: dir };
      const gateway = spawnGateway({ ...process.env, ...env }, user);
      expect(await refusedOrListening(gateway)).toBe(1);
      const refusal = `its directory ${dir} cannot be written (permission denied)`;
      expect(gateway.output().stderr).toContain(
        `cannot open the usage ledger ${ledger}: ${refusal}`,
      );
      const doctor = await runCli(["doctor", "--json"], { env, user });
      const findings = (
        JSON.parse(doctor.stdout) as { findings: Array<Finding & { hint?: string }> }
      ).findings;
      const ledgerFindings = findings.filter((finding) => finding.check === "ledger");
      expect(ledgerFindings).toContainEqual(
        expect.objectContaining({
          level: "fail",
          message: expect.stringContaining(
            `the usage ledger ${ledger} cannot be written: ${refusal}`,
          ),
        }),
      );
      // There is no file to move away.
      expect(ledgerFindings.map((finding) => finding.hint).join("\n")).not.toContain(
        "move it away",
      );
    } finally {
      chmodSync(dir, 0o755);
    }
  }, 60_000);
});
