/**
 * Operating the built `openclaw gateway` with real signals and a real config watcher: a second
 * SIGTERM during the drain still writes the ledger (finished requests, and the ones it cancels),
 * and says nothing of a ledger when it is off; a drain's deadline cancels what still runs and
 * says how many; SIGHUP (a closed terminal) drains as SIGTERM does;
 * a SIGTERM just after "stopped" leaves exit code 0; a config that is a symlink reloads when
 * its target is edited, and a config mounted from a Kubernetes ConfigMap reloads on an update; a config written in pieces is reloaded once whole;
 * and a config emptied or deleted under the running gateway is not taken as an empty config.
 */
import { execFileSync } from "node:child_process";
import {
  closeSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { request as httpRequest } from "node:http";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { CONFIG_SETTLE_MS } from "../../src/gateway/config-file-state.js";
import {
  type ConfigFor,
  type GatewayStateDir,
  useBuiltGatewaySuite,
} from "../helpers/built-gateway-suite.js";
import { startGatewayProcess } from "../helpers/gateway-process.js";
import { eventually, GATEWAY_TOKEN, simConfig } from "./harness.js";

const root = resolve(import.meta.dirname, "../..");
const bin = join(root, "bin", "openclaw.js");
const auth = { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" };

const suite = useBuiltGatewaySuite({ serveRetiredModels: true });

/** A fresh state dir with `config` as its openclaw.json, removed after the file's tests. */
function stateDir(config: ConfigFor): GatewayStateDir {
  return suite.stateDir("openclaw-ops-cli-", config);
}

/** A streamed chat; resolves `started` at its first bytes and `body` when it ends. */
function streamChat(url: string, model: string) {
  let started: () => void = () => {};
  const first = new Promise<void>((resolveFirst) => {
    started = resolveFirst;
  });
  const body = new Promise<string>((resolveBody) => {
    const req = httpRequest(
      `${url}/v1/chat/completions`,
      { method: "POST", headers: auth },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          text += chunk;
          started();
        });
        res.on("end", () => resolveBody(text));
        res.on("error", () => resolveBody(text));
        res.on("aborted", () => resolveBody(text));
      },
    );
    req.on("error", () => resolveBody(""));
    req.end(JSON.stringify({ model, stream: true, messages: [{ role: "user", content: "hi" }] }));
  });
  return { first, body };
}

/** Long enough for a reload to be logged on a loaded machine; only a reload that never comes waits it out. */
const RELOAD_DEADLINE_MS = 20_000;

/**
 * Makes a change to the config in two moves with `pauseMs` between them (longer than the watcher's
 * debounce, so that the gateway sees the file between them), as often as it takes for both moves
 * to land within CONFIG_SETTLE_MS of the first by this process's clock, and returns the gateway's
 * log from the attempt that did, once it has reloaded. The gateway waits for the debounce and
 * then CONFIG_SETTLE_MS before it gives up on a file, so a change made that fast must reload
 * without a complaint; on a loaded machine this process can wake from the pause later than that,
 * and such an attempt says nothing about the gateway (it may rightly complain): it is made again.
 */
async function changeWithinSettleWindow(
  stderr: () => string,
  first: () => void,
  pauseMs: number,
  second: () => void,
): Promise<string> {
  const attempts = 5;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const before = stderr().length;
    const startedAt = performance.now();
    first();
    await sleep(pauseMs);
    second();
    const tookMs = performance.now() - startedAt;
    await eventually(
      () => stderr().slice(before).includes("config reloaded"),
      RELOAD_DEADLINE_MS,
      "the change to reload",
    );
    // Time for a complaint that comes late (a settle timer left running) to show.
    await sleep(800);
    if (tookMs < CONFIG_SETTLE_MS) return stderr().slice(before);
  }
  throw new Error(
    `this process could not make both moves within ${CONFIG_SETTLE_MS} ms in ${attempts} attempts (a machine this loaded cannot tell whether the gateway waits for the file)`,
  );
}

async function chat(url: string, model: string): Promise<number> {
  const res = await fetch(`${url}/v1/chat/completions`, {
    method: "POST",
    headers: auth,
    body: JSON.stringify({ model, messages: [{ role: "user", content: "hi" }] }),
  });
  await res.text();
  return res.status;
}

describe("a second SIGTERM while the gateway drains", () => {
  it("cancels what still runs, writes every ledger row (finished and cancelled), then exits 1", async () => {
    const state = stateDir(
      simConfig(suite.sim, { gateway: { limits: { drainTimeoutMs: 60_000 } } }),
    );
    const cli = await startGatewayProcess(state.env, ["--log-requests"]);
    suite.sim.script([
      {
        when: { model: "kimi-k2-turbo-preview" },
        times: 2,
        respond: {
          chunkDelayMs: 200,
          reply: { text: "slow ".repeat(200) },
          stream: { chunkChars: 5 },
        },
      },
    ]);
    const slow = [
      streamChat(cli.url, "moonshot/kimi-k2-turbo-preview"),
      streamChat(cli.url, "moonshot/kimi-k2-turbo-preview"),
    ];
    await Promise.all(slow.map((stream) => stream.first));
    // Three requests finish just before the signals: their rows are still queued in memory.
    expect(await Promise.all([1, 2, 3].map(() => chat(cli.url, "moonshot/kimi-k2.5")))).toEqual([
      200, 200, 200,
    ]);
    cli.child.kill("SIGTERM");
    await eventually(
      () => cli.stderr().includes("SIGTERM: draining 2 requests for up to 60 s…"),
      5000,
      "the drain",
    );
    cli.child.kill("SIGTERM");
    expect(await cli.exited).toBe(1);
    expect(cli.stderr()).toContain(
      "SIGTERM again: stopping now; cancelling 2 running requests and writing the usage ledger…",
    );
    expect(cli.stderr()).toContain(
      "stopped; 2 requests cancelled (in the ledger as status 503, shutdown); the usage ledger is written",
    );
    // The cancelled streams were told why, in-band, and what to do.
    for (const stream of slow) {
      const body = await stream.body;
      expect(body).toContain(
        "the gateway is shutting down and stopped this request before its end",
      );
      expect(body).toContain("send the request again once the gateway runs again");
    }

    const listed = JSON.parse(
      execFileSync(process.execPath, [bin, "usage", "--last", "10", "--json"], {
        env: state.env,
        encoding: "utf8",
      }),
    ) as { requests: { status: number; errorClass?: string; modelRequested: string }[] };
    const rows = listed.requests.map((row) =>
      `${row.status} ${row.modelRequested} ${row.errorClass ?? ""}`.trim(),
    );
    expect(rows.sort()).toEqual([
      "200 moonshot/kimi-k2.5",
      "200 moonshot/kimi-k2.5",
      "200 moonshot/kimi-k2.5",
      "503 moonshot/kimi-k2-turbo-preview shutdown",
      "503 moonshot/kimi-k2-turbo-preview shutdown",
    ]);
  });
});

describe("a second SIGTERM with the usage ledger turned off", () => {
  it("cancels what still runs and says nothing about a ledger there is none of", async () => {
    const state = stateDir(
      simConfig(suite.sim, {
        gateway: { ledger: { enabled: false }, limits: { drainTimeoutMs: 60_000 } },
      }),
    );
    const cli = await startGatewayProcess(state.env);
    suite.sim.script([
      {
        when: { model: "kimi-k2-turbo-preview" },
        respond: {
          chunkDelayMs: 200,
          reply: { text: "slow ".repeat(200) },
          stream: { chunkChars: 5 },
        },
      },
    ]);
    const slow = streamChat(cli.url, "moonshot/kimi-k2-turbo-preview");
    await slow.first;
    cli.child.kill("SIGTERM");
    await eventually(
      () => cli.stderr().includes("SIGTERM: draining 1 request for up to 60 s…"),
      5000,
      "the drain",
    );
    cli.child.kill("SIGTERM");
    expect(await cli.exited).toBe(1);
    expect(cli.stderr()).toContain("SIGTERM again: stopping now; cancelling 1 running request…\n");
    expect(cli.stderr()).toMatch(/^stopped; 1 request cancelled$/m);
    expect(cli.stderr()).not.toContain("ledger");
    expect(await slow.body).toContain("the gateway is shutting down");
  });
});

describe("a drain whose deadline passes with a stream still running", () => {
  it("cancels it and says how many requests it cancelled", async () => {
    const state = stateDir(simConfig(suite.sim, { gateway: { limits: { drainTimeoutMs: 500 } } }));
    const cli = await startGatewayProcess(state.env);
    suite.sim.script([
      {
        when: { model: "kimi-k2-turbo-preview" },
        respond: {
          chunkDelayMs: 200,
          reply: { text: "slow ".repeat(200) },
          stream: { chunkChars: 5 },
        },
      },
    ]);
    const slow = streamChat(cli.url, "moonshot/kimi-k2-turbo-preview");
    await slow.first;
    cli.child.kill("SIGTERM");
    await cli.exited;
    expect(cli.stderr()).toContain("SIGTERM: draining 1 request for up to 0.5 s…");
    expect(cli.stderr()).toMatch(/^stopped; 1 request cancelled at the deadline$/m);
    expect(await slow.body).toContain("the gateway is shutting down");
  });
});

describe("SIGHUP (the terminal the gateway runs in closes) with a stream running", () => {
  it("drains like SIGTERM: the stream ends whole, every ledger row is written, exit 0", async () => {
    const state = stateDir(
      simConfig(suite.sim, { gateway: { limits: { drainTimeoutMs: 60_000 } } }),
    );
    const cli = await startGatewayProcess(state.env);
    const text = "hangup ".repeat(40);
    suite.sim.script([
      {
        when: { model: "kimi-k2-turbo-preview" },
        respond: { chunkDelayMs: 50, reply: { text }, stream: { chunkChars: 7 } },
      },
    ]);
    const client = new OpenAI({
      apiKey: GATEWAY_TOKEN,
      baseURL: `${cli.url}/v1`,
      maxRetries: 0,
    });
    const stream = await client.chat.completions.create({
      model: "moonshot/kimi-k2-turbo-preview",
      stream: true,
      messages: [{ role: "user", content: "hi" }],
    });
    const chunks = stream[Symbol.asyncIterator]();
    const first = await chunks.next();
    let received = first.done ? "" : (first.value.choices[0]?.delta.content ?? "");
    // A request that finished just before: its row is still queued in memory.
    expect(await chat(cli.url, "moonshot/kimi-k2.5")).toBe(200);
    cli.child.kill("SIGHUP");
    for (let next = await chunks.next(); !next.done; next = await chunks.next())
      received += next.value.choices[0]?.delta.content ?? "";
    expect(await cli.exited).toBe(0);
    expect(cli.child.signalCode).toBeNull();
    expect(received).toBe(text);
    expect(cli.stderr()).toContain("SIGHUP: draining 1 request for up to 60 s…");
    expect(cli.stderr()).toMatch(/^stopped$/m);

    const listed = JSON.parse(
      execFileSync(process.execPath, [bin, "usage", "--last", "10", "--json"], {
        env: state.env,
        encoding: "utf8",
      }),
    ) as { requests: { status: number; modelRequested: string }[] };
    expect(listed.requests.map((row) => `${row.status} ${row.modelRequested}`).sort()).toEqual([
      "200 moonshot/kimi-k2-turbo-preview",
      "200 moonshot/kimi-k2.5",
    ]);
  });
});

describe("a second SIGTERM just after the gateway said 'stopped'", () => {
  it("does not kill it mid-exit: the exit code stays 0", async () => {
    const state = stateDir(simConfig(suite.sim));
    for (let attempt = 0; attempt < 3; attempt++) {
      const cli = await startGatewayProcess(state.env);
      // The second signal goes the moment "stopped" arrives, as a supervisor's retry would.
      cli.child.stderr?.on("data", () => {
        if (/^stopped$/m.test(cli.stderr()) && cli.child.exitCode === null) {
          cli.child.kill("SIGTERM");
        }
      });
      cli.child.kill("SIGTERM");
      const code = await cli.exited;
      expect({ attempt, code, signal: cli.child.signalCode }).toEqual({
        attempt,
        code: 0,
        signal: null,
      });
      expect(cli.stderr()).toMatch(/^stopped$/m);
      expect(cli.stderr()).not.toContain("again");
    }
    // Three gateways started and stopped one after another: each start alone can take more
    // than 15 s on a loaded machine.
  }, 180_000);
});

describe("a config emptied or deleted under a running gateway", () => {
  it("keeps serving the last good config and says so; an editor's delete-and-write is a normal reload", async () => {
    const state = stateDir(simConfig(suite.sim, { gateway: { limits: { drainTimeoutMs: 3000 } } }));
    const cli = await startGatewayProcess(state.env);
    const good = JSON.stringify(
      simConfig(suite.sim, { gateway: { limits: { drainTimeoutMs: 1234 } } }),
    );

    writeFileSync(state.configPath, ""); // : > openclaw.json
    await eventually(
      () => cli.stderr().includes(`config reload skipped: ${state.configPath} is empty`),
      RELOAD_DEADLINE_MS,
      "the empty file to be reported",
    );
    expect(cli.stderr()).toContain("to really run with no config, restart the gateway");
    // Aliases and keys of the last good config still serve.
    expect(await chat(cli.url, "Kimi K2.5")).toBe(200);

    unlinkSync(state.configPath);
    await eventually(
      () => cli.stderr().includes(`config reload skipped: ${state.configPath} is gone`),
      RELOAD_DEADLINE_MS,
      "the deleted file to be reported",
    );
    expect(await chat(cli.url, "Kimi K2.5")).toBe(200);
    expect(cli.stderr()).not.toContain("config reloaded");

    // An editor deletes the file and writes the new one a moment later: one reload, no complaint.
    writeFileSync(state.configPath, JSON.stringify(simConfig(suite.sim)));
    await eventually(
      () => cli.stderr().includes("config reloaded"),
      RELOAD_DEADLINE_MS,
      "the reload",
    );
    const log = await changeWithinSettleWindow(
      cli.stderr,
      () => unlinkSync(state.configPath),
      200,
      () => writeFileSync(state.configPath, good),
    );
    expect(log).toContain("config reloaded");
    expect(log).not.toContain("reload skipped");

    // The new drain deadline applies without a restart.
    cli.child.kill("SIGTERM");
    expect(await cli.exited).toBe(0);
    expect(cli.stderr()).toContain("SIGTERM: draining 0 requests for up to 1.234 s…");
  });
});

describe("a config file that is a symlink (a dotfile manager's link into a repository)", () => {
  it("reloads when the file it points at is edited, in place or by an editor's rename", async () => {
    const state = stateDir({});
    const dotfiles = suite.tempDir("openclaw-dotfiles-");
    const target = join(dotfiles, "openclaw.json");
    const renamed = (alias: string) =>
      JSON.stringify(simConfig(suite.sim), (_key, value: unknown) =>
        value === "Kimi K2.5" ? alias : value,
      );
    writeFileSync(target, renamed("Kimi K2.5"));
    unlinkSync(state.configPath);
    symlinkSync(target, state.configPath);
    const cli = await startGatewayProcess(state.env);
    expect(await chat(cli.url, "K25")).toBe(404);

    // An editor's save: a new file renamed over the old one, in the repository's directory.
    writeFileSync(`${target}.swp`, renamed("K25"));
    renameSync(`${target}.swp`, target);
    await eventually(
      () => cli.stderr().includes("config reloaded"),
      RELOAD_DEADLINE_MS,
      "the reload",
    );
    expect(cli.stderr()).toContain(
      `config reloaded from ${state.configPath} (${state.configPath} changed)`,
    );
    expect(await chat(cli.url, "K25")).toBe(200);

    // Written in place.
    const before = cli.stderr().length;
    writeFileSync(target, renamed("K26"));
    await eventually(
      () => cli.stderr().slice(before).includes("config reloaded"),
      RELOAD_DEADLINE_MS,
      "the second reload",
    );
    expect(await chat(cli.url, "K26")).toBe(200);
    expect(await chat(cli.url, "K25")).toBe(404);
  });
});

describe("a config truncated and then written in two pieces under a running gateway", () => {
  it("waits for the rest instead of reporting the half it saw as broken", async () => {
    const state = stateDir(simConfig(suite.sim));
    const cli = await startGatewayProcess(state.env);
    const text = JSON.stringify(
      simConfig(suite.sim),
      (_key, value: unknown) => (value === "Kimi K2.5" ? "K25" : value),
      2,
    );
    let file = 0;
    const log = await changeWithinSettleWindow(
      cli.stderr,
      () => {
        file = openSync(state.configPath, "w"); // truncates: a moment of an empty file
        writeSync(file, text.slice(0, text.length / 2));
      },
      // Longer than the watcher's debounce, well within the time a file cut short gets.
      250,
      () => {
        writeSync(file, text.slice(text.length / 2));
        closeSync(file);
      },
    );
    expect(log).not.toContain("reload failed");
    expect(await chat(cli.url, "K25")).toBe(200);
  });
});

describe("a config mounted from a Kubernetes ConfigMap", () => {
  it("reloads when an update swaps the ..data link the file goes through", async () => {
    const state = stateDir({});
    const mount = suite.tempDir("openclaw-configmap-");
    const aliased = (alias: string) =>
      JSON.stringify(simConfig(suite.sim), (_key, value: unknown) =>
        value === "Kimi K2.5" ? alias : value,
      );
    // The kubelet's layout: a timestamped directory, `..data` linked to it, the file a link
    // through `..data`.
    mkdirSync(join(mount, "..2026_12_01_v1"));
    writeFileSync(join(mount, "..2026_12_01_v1", "openclaw.json"), aliased("K25"));
    symlinkSync("..2026_12_01_v1", join(mount, "..data"));
    symlinkSync(join("..data", "openclaw.json"), join(mount, "openclaw.json"));
    const env = { ...state.env, OPENCLAW_CONFIG_PATH: join(mount, "openclaw.json") };
    const cli = await startGatewayProcess(env);
    expect(await chat(cli.url, "K25")).toBe(200);

    // An update as the kubelet makes it: a new directory, a new link renamed over `..data`, then
    // the old directory removed. The file's own name in the mount sees no event; the removal of
    // the file the link led to is what the watch (of the target's directory) hears.
    mkdirSync(join(mount, "..2026_12_01_v2"));
    writeFileSync(join(mount, "..2026_12_01_v2", "openclaw.json"), aliased("K26"));
    symlinkSync("..2026_12_01_v2", join(mount, "..data_tmp"));
    renameSync(join(mount, "..data_tmp"), join(mount, "..data"));
    rmSync(join(mount, "..2026_12_01_v1"), { recursive: true });
    await eventually(
      () => cli.stderr().includes("config reloaded"),
      RELOAD_DEADLINE_MS,
      "the reload",
    );
    expect(await chat(cli.url, "K26")).toBe(200);
    expect(await chat(cli.url, "K25")).toBe(404);

    // And the next update after it, watched in the new directory.
    const before = cli.stderr().length;
    mkdirSync(join(mount, "..2026_12_01_v3"));
    writeFileSync(join(mount, "..2026_12_01_v3", "openclaw.json"), aliased("K27"));
    symlinkSync("..2026_12_01_v3", join(mount, "..data_tmp"));
    renameSync(join(mount, "..data_tmp"), join(mount, "..data"));
    rmSync(join(mount, "..2026_12_01_v2"), { recursive: true });
    await eventually(
      () => cli.stderr().slice(before).includes("config reloaded"),
      RELOAD_DEADLINE_MS,
      "the second reload",
    );
    expect(await chat(cli.url, "K27")).toBe(200);
  });
});
