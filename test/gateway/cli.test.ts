/**
 * The built CLI as a user runs it: `node bin/openclaw.js gateway` in its own process, with a temp
 * state dir. First start, hot reload, the SIGTERM drain, and running behind a proxy.
 */
import { execFileSync, spawn } from "node:child_process";
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { request as httpRequest } from "node:http";
import { type AddressInfo, createServer as createNetServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type ForwardProxy, startForwardProxy } from "../helpers/forward-proxy.js";
import {
  gatewayEnv,
  killGatewayProcesses,
  spawnGateway,
  startGatewayProcess,
  trackProcess,
} from "../helpers/gateway-process.js";
import { type Simulator, startSimulator } from "../simulator/index.js";
import { eventually, GATEWAY_TOKEN, simConfig } from "./harness.js";

const root = resolve(import.meta.dirname, "../..");
const bin = join(root, "bin", "openclaw.js");

const dirs: string[] = [];

function stateDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "openclaw-gw-cli-"));
  dirs.push(dir);
  return dir;
}

function cliEnv(dir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    OPENCLAW_STATE_DIR: dir,
    OPENCLAW_HOME: dir,
    NO_COLOR: "1",
    ...extra,
  };
}

/** Replaces a file the way editors and our writer do: write a temp file, rename it over. */
function replaceFile(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

/** The gateway's token as a script reads it: `config get gateway.auth.token --reveal --json`. */
function revealedToken(dir: string): string {
  const printed = execFileSync(
    process.execPath,
    [bin, "config", "get", "gateway.auth.token", "--reveal", "--json"],
    { env: cliEnv(dir), encoding: "utf8" },
  );
  return JSON.parse(printed) as string;
}

const auth = { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" };

/** Newest modification time of any file under `dir`. */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

beforeAll(() => {
  const built = join(root, "dist", "cli", "main.js");
  // `npm test` builds first; build here only when dist is missing or older than the sources.
  if (!existsSync(built) || statSync(built).mtimeMs < newest(join(root, "src"))) {
    try {
      execFileSync("npm", ["run", "build"], { cwd: root, stdio: "pipe", timeout: 120_000 });
    } catch {
      // Another module may not compile right now; tsc still emits, and the gateway files must exist.
    }
  }
  expect(existsSync(join(root, "dist", "gateway", "index.js"))).toBe(true);
}, 150_000);

afterEach(() => {
  killGatewayProcesses();
});
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("openclaw gateway (built CLI)", () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ serveRetiredModels: true });
  });
  afterAll(async () => {
    await sim?.close();
  });

  it("starts with an empty config, creates a token (saved, not printed to a pipe), and says what is missing", async () => {
    const dir = stateDir();
    const first = await startGatewayProcess(cliEnv(dir));
    // Piped output is not a terminal: the token is saved, not printed (a log would keep it).
    const token = /"(ocg_[^"]+)"/.exec(readFileSync(join(dir, "openclaw.json"), "utf8"))?.[1];
    expect(token).toBeDefined();
    expect(first.stdout()).not.toContain("ocg_");
    await eventually(
      () => first.stderr().includes("no provider has a key yet"),
      3000,
      "the missing-key warning",
    );
    const saved = readFileSync(join(dir, "openclaw.json"), "utf8");
    expect(saved).toContain(token);
    await eventually(
      () => first.stderr().includes("Claude Code (ANTHROPIC_BASE_URL)"),
      3000,
      "the start-up report's last line",
    );
    // Told once, before "listening on", where it is saved: no second "token:" line.
    expect(first.stdout()).toContain(
      `gateway token created and saved as gateway.auth.token in ${join(dir, "openclaw.json")}; not written here`,
    );
    expect(first.stderr()).not.toContain("token: ");
    const models = await fetch(`${first.url}/v1/models`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(models.status).toBe(200);
    const chat = await fetch(`${first.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({
        model: "moonshot/kimi-k2.5",
        messages: [{ role: "user", content: "hi" }],
      }),
    });
    const body = (await chat.json()) as { error: { message: string } };
    // No key on the gateway's side: its config to fix (a 503), not an upstream's refusal (a 502).
    expect(chat.status).toBe(503);
    expect(body.error.message).toMatch(/no API key/i);
    // Onboarding is advised as every hint advises a command, with the gateway's state dir: a
    // plain shell's `openclaw onboard` would set up ~/.openclaw, which this gateway does not read.
    expect(first.stderr()).toContain(
      `\n    OPENCLAW_STATE_DIR=${dir} openclaw onboard --auth-choice moonshot-api-key\n`,
    );
    const unset = await fetch(`${first.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "openclaw", messages: [{ role: "user", content: "hi" }] }),
    });
    expect(((await unset.json()) as { error: { message: string } }).error.message).toContain(
      `no provider has a key yet; run: OPENCLAW_STATE_DIR=${dir} openclaw onboard --auth-choice moonshot-api-key`,
    );
    first.child.kill("SIGTERM");
    expect({ code: await first.exited, stderr: first.stderr() }).toMatchObject({ code: 0 });

    const second = await startGatewayProcess(cliEnv(dir));
    expect(second.stdout()).not.toContain("ocg_");
    await eventually(() => second.stderr().includes("token: "), 3000, "the token line");
    expect(second.stderr()).toContain(`token: gateway.auth.token in ${join(dir, "openclaw.json")}`);
    second.child.kill("SIGTERM");
    expect({ code: await second.exited, stderr: second.stderr() }).toMatchObject({ code: 0 });
    expect(second.stderr()).not.toContain("no token required");
  });

  it('says at start that no token is required when gateway.auth.mode is "none"', async () => {
    const dir = stateDir();
    writeFileSync(join(dir, "openclaw.json"), '{ gateway: { auth: { mode: "none" } } }');
    const cli = await startGatewayProcess(cliEnv(dir));
    await eventually(() => cli.stderr().includes("no token required"), 3000, "the no-token line");
    expect(cli.stderr()).toContain(
      'any program on this machine can call the gateway (gateway.auth.mode is "none")',
    );
    expect((await fetch(`${cli.url}/v1/models`)).status).toBe(200);
    cli.child.kill("SIGTERM");
    expect(await cli.exited).toBe(0);
  });

  it("takes OPENCLAW_GATEWAY_TOKEN from the config's env block as provider keys are (the environment wins), creates none, and says where the token came from", async () => {
    const dir = stateDir();
    const configPath = join(dir, "openclaw.json");
    const blockToken = "gw-token-from-the-env-block-0001";
    const shellToken = "gw-token-from-the-shell-env-0002";
    const text = `{ env: { OPENCLAW_GATEWAY_TOKEN: "${blockToken}" } }`;
    writeFileSync(configPath, text);
    const status = async (url: string, token: string) =>
      (await fetch(`${url}/v1/models`, { headers: { authorization: `Bearer ${token}` } })).status;

    const fromBlock = await startGatewayProcess(cliEnv(dir));
    await eventually(() => fromBlock.stderr().includes("token: "), 3000, "the token line");
    expect(fromBlock.stderr()).toContain(
      `token: OPENCLAW_GATEWAY_TOKEN from the env block of ${configPath} (gateway.auth.token is not set)`,
    );
    expect(await status(fromBlock.url, blockToken)).toBe(200);
    // No token was made and saved; the token itself is never printed.
    expect(readFileSync(configPath, "utf8")).toBe(text);
    expect(`${fromBlock.stdout()}${fromBlock.stderr()}`).not.toContain(blockToken);
    expect(fromBlock.stdout()).not.toContain("ocg_");
    fromBlock.child.kill("SIGTERM");
    expect(await fromBlock.exited).toBe(0);

    const fromShell = spawnGateway(cliEnv(dir, { OPENCLAW_GATEWAY_TOKEN: shellToken }), ["--json"]);
    const listening = () =>
      fromShell
        .stdout()
        .split("\n")
        .filter((line) => line !== "")
        .map((line) => JSON.parse(line) as { event: string; url?: string; tokenSource?: unknown })
        .find((event) => event.event === "listening");
    await eventually(() => listening() !== undefined, 15_000, "listening");
    expect(listening()?.tokenSource).toBe("environment");
    const url = listening()?.url as string;
    expect(await status(url, shellToken)).toBe(200);
    expect(await status(url, blockToken)).toBe(401);
    fromShell.child.kill("SIGTERM");
    expect(await fromShell.exited).toBe(0);
  });

  it("--json reports one JSON event per line on stdout: token, listening, requests, reloads, drain, stop", async () => {
    const dir = stateDir();
    const configPath = join(dir, "openclaw.json");
    const cli = spawnGateway(cliEnv(dir), ["--json", "--log-requests"]);
    type Event = { time: string; event: string; [field: string]: unknown };
    const events = (): Event[] =>
      cli
        .stdout()
        .split("\n")
        .filter((line) => line !== "")
        .map((line) => JSON.parse(line) as Event);
    await eventually(() => events().some((e) => e.event === "listening"), 15_000, "listening");
    const [created, listening] = events();
    expect(created?.event).toBe("token_created");
    expect(created?.savedIn).toBe(configPath);
    // The token is not in the event (JSON lines end up in a log): the command it names prints it,
    // with --json as a JSON string a script reads.
    // The gateway's own state dir: with it in front (a plain shell reads another config).
    expect(created?.reveal).toBe(
      `OPENCLAW_STATE_DIR=${dir} openclaw config get gateway.auth.token --reveal`,
    );
    const token = revealedToken(dir);
    expect(token).toMatch(/^ocg_[A-Za-z0-9_-]{43}$/);
    expect(readFileSync(configPath, "utf8")).toContain(token);
    expect(created?.masked).toBe(`ocg_…${token.slice(-4)}`);
    expect(cli.stdout()).not.toContain(token);
    expect(listening).toMatchObject({
      event: "listening",
      host: "127.0.0.1",
      models: [],
      defaultModel: null,
      proxy: null,
      tokenRequired: true,
    });
    expect(listening?.providersWithoutKey).toEqual(expect.arrayContaining(["moonshot"]));
    expect(Number.isNaN(Date.parse(String(listening?.time)))).toBe(false);
    const port = listening?.port as number;
    expect(listening?.url).toBe(`http://127.0.0.1:${port}`);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    // The token the config keeps is the one the gateway takes.
    const models = await fetch(`http://127.0.0.1:${port}/v1/models`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(models.status).toBe(200);

    // --log-requests: every finished chat request is one event, failures included.
    const chat = await fetch(`http://127.0.0.1:${port}/v1/chat/completions`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({
        model: "moonshot/kimi-k2.5",
        messages: [{ role: "user", content: "hi" }],
      }),
    });
    expect(chat.status).toBe(503);
    await eventually(() => events().some((e) => e.event === "request"), 5000, "the request event");
    expect(events().find((e) => e.event === "request")).toMatchObject({
      status: 503,
      modelRequested: "moonshot/kimi-k2.5",
      outcome: "error",
      errorClass: "provider_key_missing",
      client: "127.0.0.1",
      // No key, so no model was called: unknown, and said so (null, not left out).
      modelUsed: null,
      provider: null,
      fallbackFrom: null,
      ttftMs: null,
    });
    // Its latency to the microsecond, as `openclaw usage --last --json` gives it.
    const latency = events().find((e) => e.event === "request")?.latencyMs;
    expect(String(latency)).toMatch(/^\d+(\.\d{1,3})?$/);
    // The token is in no event: not token_created, not a request's.
    expect(cli.stdout()).not.toContain(token);

    // A broken edit is reported as a log event, with where, what and what to do as fields, and
    // the gateway keeps serving.
    const refusals = () => events().filter((e) => e.event === "log" && e.kind === "reload_failed");
    const typo = JSON.stringify(
      {
        gateway: { auth: { token } },
        agents: { defaults: { model: { primary: "moonshot/kimi-k9" } } },
      },
      null,
      2,
    );
    replaceFile(configPath, typo);
    await eventually(() => refusals().length === 1, 5000, "the refused reload as a log event");
    const primaryLine = typo.split("\n").findIndex((line) => line.includes('"primary"')) + 1;
    const [refused] = refusals();
    expect(refused).toMatchObject({
      file: configPath,
      line: primaryLine,
      path: "agents.defaults.model.primary",
      problem: expect.stringContaining('unknown model "kimi-k9"'),
      problems: 1,
    });
    expect(refused?.message).toContain(
      `still serving the last good config: ${configPath}:${primaryLine}: agents.defaults.model.primary: `,
    );
    // `openclaw config validate` named once, in the hint, not also in the message.
    expect(String(refused?.message).split("config validate")).toHaveLength(2);
    expect(String(refused?.hint).split("config validate")).toHaveLength(2);
    replaceFile(configPath, "{ this is not json");
    await eventually(() => refusals().length === 2, 5000, "the parse error as a log event");
    expect(refusals()[1]).toMatchObject({
      message: expect.stringContaining("reload failed, still serving the last good config"),
      file: configPath,
      line: 1,
      path: null,
      hint: expect.any(String),
    });
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    cli.child.kill("SIGTERM");
    expect(await cli.exited).toBe(0);
    expect(events().slice(-2)).toMatchObject([
      { event: "draining", signal: "SIGTERM", active: 0 },
      { event: "stopped", cancelled: 0 },
    ]);
    expect(cli.stderr()).toBe("");
    // Every line is JSON (parsed above), and none carries colour.
    expect(cli.stdout()).not.toContain("\u001b[");
  });

  it("keeps serving, without a stack trace, when whoever reads its output goes away", async () => {
    const dir = stateDir();
    const cli = spawnGateway(cliEnv(dir), ["--json", "--log-requests"]);
    await eventually(() => cli.stdout().includes('"event":"listening"'), 15_000, "listening");
    const listening = JSON.parse(
      cli
        .stdout()
        .split("\n")
        .find((line) => line.includes('"listening"')) ?? "{}",
    ) as { url: string };
    const token = revealedToken(dir);
    // The reading end of the pipe closes, as with `| head -1` or a log collector that died.
    cli.child.stdout?.destroy();
    const chat = () =>
      fetch(`${listening.url}/v1/chat/completions`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({
          model: "moonshot/kimi-k2.5",
          messages: [{ role: "user", content: "hi" }],
        }),
      });
    // Each finished request is reported (into the broken pipe): the gateway must outlive both.
    expect((await chat()).status).toBe(503);
    expect((await chat()).status).toBe(503);
    expect((await fetch(`${listening.url}/healthz`)).status).toBe(200);
    cli.child.kill("SIGTERM");
    expect({ code: await cli.exited, stderr: cli.stderr() }).toEqual({ code: 0, stderr: "" });
  });

  it("names at start an alias under the reserved openclaw/…, with what to do, and does not serve it", async () => {
    const dir = stateDir();
    const config = simConfig(sim);
    (config.agents.defaults.models as Record<string, unknown>)["moonshot/kimi-k3"] = {
      alias: "openclaw/fast",
    };
    writeFileSync(join(dir, "openclaw.json"), JSON.stringify(config));
    const cli = await startGatewayProcess(gatewayEnv(dir, sim.keys));
    await eventually(() => cli.stderr().includes("token: "), 3000, "the token line");
    expect(cli.stderr()).toContain(
      'problem: agents.defaults.models["moonshot/kimi-k3"].alias: alias "openclaw/fast" is not usable: the name "openclaw" (any case, and "openclaw/…") is reserved',
    );
    expect(cli.stderr()).toMatch(
      /the gateway does not take it as an alias\n {2}hint: pick another name, e\.g\. openclaw config set '.*' Kimi/,
    );
    const lookup = await fetch(`${cli.url}/v1/models/openclaw%2Ffast`, { headers: auth });
    expect(lookup.status).toBe(404);
    cli.child.kill("SIGTERM");
    expect(await cli.exited).toBe(0);
  });

  it("picks up config edits without a restart and keeps serving the last good config when the file breaks", async () => {
    const dir = stateDir();
    const configPath = join(dir, "openclaw.json");
    const config = simConfig(sim);
    writeFileSync(configPath, JSON.stringify(config));
    const env = gatewayEnv(dir, sim.keys);
    const cli = await startGatewayProcess(env);
    const lookup = (id: string) =>
      fetch(`${cli.url}/v1/models/${encodeURIComponent(id)}`, { headers: auth }).then(
        (r) => r.status,
      );
    expect(await lookup("Speedy")).toBe(404);

    const models = config.agents.defaults.models as Record<string, { alias?: string }>;
    models["moonshot/kimi-k2-turbo-preview"] = { alias: "Speedy" };
    replaceFile(configPath, JSON.stringify(config));
    await eventually(async () => (await lookup("Speedy")) === 200, 5000, "the new alias");

    replaceFile(configPath, "{ this is not json");
    await eventually(() => cli.stderr().includes("config reload failed"), 5000, "the reload error");
    expect(cli.stderr()).toContain("still serving the last good config");
    const chat = await fetch(`${cli.url}/v1/chat/completions`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({
        model: "Speedy",
        messages: [{ role: "user", content: "still there?" }],
      }),
    });
    expect(chat.status).toBe(200);

    delete models["moonshot/kimi-k2-turbo-preview"];
    replaceFile(configPath, JSON.stringify(config));
    await eventually(async () => (await lookup("Speedy")) === 404, 5000, "the alias to go away");
    cli.child.kill("SIGTERM");
    expect(await cli.exited).toBe(0);
  });

  it("on SIGTERM stops accepting, lets a running stream finish, writes the ledger, and exits 0", async () => {
    const dir = stateDir();
    writeFileSync(join(dir, "openclaw.json"), JSON.stringify(simConfig(sim)));
    const env = gatewayEnv(dir, sim.keys);
    const cli = await startGatewayProcess(env);
    sim.script([
      {
        when: { model: "kimi-k2-turbo-preview" },
        respond: {
          chunkDelayMs: 60,
          reply: { text: "drain ".repeat(20) },
          stream: { chunkChars: 6 },
        },
      },
    ]);
    let sawFirst: () => void = () => {};
    const firstChunk = new Promise<void>((resolveFirst) => {
      sawFirst = resolveFirst;
    });
    const streamed = new Promise<string>((resolveBody, reject) => {
      const req = httpRequest(
        `${cli.url}/v1/chat/completions`,
        { method: "POST", headers: auth },
        (res) => {
          let body = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => {
            body += chunk;
            sawFirst();
          });
          res.on("end", () => resolveBody(body));
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(
        JSON.stringify({
          model: "moonshot/kimi-k2-turbo-preview",
          stream: true,
          messages: [{ role: "user", content: "hi" }],
        }),
      );
    });
    await firstChunk;
    cli.child.kill("SIGTERM");
    await eventually(() => cli.stderr().includes("draining"), 3000, "the drain to start");
    const refused = await fetch(`${cli.url}/healthz`).then(
      () => "accepted",
      () => "refused",
    );
    expect(refused).toBe("refused");
    const body = await streamed;
    expect(body.trimEnd().endsWith("data: [DONE]")).toBe(true);
    // The stream running at the signal ends whole: every word of its answer, in order.
    const content = body
      .split("\n\n")
      .filter((event) => event.startsWith("data: {"))
      .map(
        (event) =>
          (JSON.parse(event.slice(6)) as { choices: { delta: { content?: string } }[] }).choices[0]
            ?.delta.content ?? "",
      )
      .join("");
    expect(content).toBe("drain ".repeat(20));
    expect(await cli.exited).toBe(0);

    const usage = JSON.parse(
      execFileSync(process.execPath, [bin, "usage", "--json", "--by", "provider"], {
        env,
        encoding: "utf8",
      }),
    ) as { total: { requests: number }; groups: { key: string; requests: number }[] };
    expect(usage.total.requests).toBe(1);
    expect(usage.groups[0]).toMatchObject({ key: "moonshot", requests: 1 });
  });
});

describe.runIf(process.platform === "linux")(
  "openclaw gateway under a low open-files limit",
  () => {
    let sim: Simulator;
    beforeAll(async () => {
      sim = await startSimulator({ serveRetiredModels: true });
    });
    afterAll(async () => {
      await sim?.close();
    });

    it("takes only the connections and streams its descriptors can carry: no request fails upstream for want of one", async () => {
      const dir = stateDir();
      writeFileSync(join(dir, "openclaw.json"), JSON.stringify(simConfig(sim, { fallbacks: [] })));
      const env = cliEnv(dir, { MOONSHOT_API_KEY: sim.keys.moonshot });
      // (100 − 64 kept for the rest) / 2 sockets a stream = 18 streams, and 18 client connections.
      const cli = await startGatewayProcess(env, [], 100);
      await eventually(
        () => cli.stderr().includes("serving at most 18 at once"),
        20_000,
        "the open-files warning",
      );
      expect(cli.stderr()).toContain("may open 100 files");
      expect(cli.stderr()).toContain("accepting at most 18 connections");
      expect(cli.stderr()).toContain("ulimit -Hn");
      const slow = 18;
      // Every answer takes a while, so that all requests want their upstream at once.
      sim.script([
        {
          when: { model: "kimi-k2-turbo-preview" },
          respond: { firstByteDelayMs: 2500 },
          times: 60,
        },
      ]);
      /** One request on a connection of its own: its status, or the socket error that ended it. */
      const ask = () =>
        new Promise<string>((resolveAsk) => {
          const url = new URL(`${cli.url}/v1/chat/completions`);
          const request = httpRequest(
            {
              host: url.hostname,
              port: url.port,
              path: url.pathname,
              method: "POST",
              headers: auth,
              agent: false,
            },
            (response) => {
              response.resume();
              response.on("end", () => resolveAsk(String(response.statusCode)));
            },
          );
          request.on("error", () => resolveAsk("connection closed"));
          request.end(
            JSON.stringify({
              model: "moonshot/kimi-k2-turbo-preview",
              messages: [{ role: "user", content: "hi" }],
            }),
          );
        });
      const outcomes = await Promise.all(Array.from({ length: 60 }, ask));
      const counts: Record<string, number> = {};
      for (const outcome of outcomes) counts[outcome] = (counts[outcome] ?? 0) + 1;
      // Without the caps, accepted connections took descriptors the upstream calls needed: some
      // requests were accepted and then failed with a 502 (EMFILE on the upstream connect).
      expect(counts).toEqual({ "200": slow, "connection closed": 60 - slow });
      // Once the slow ones are done, there is room again (and the next answer comes at once).
      sim.reset();
      expect(await ask()).toBe("200");
      cli.child.kill("SIGTERM");
      expect(await cli.exited).toBe(0);
      // The start alone may take up to startGatewayProcess's 50 s on a loaded machine.
    }, 90_000);

    it("starts at its floor of 64 open files and answers, one stream at a time", async () => {
      const dir = stateDir();
      writeFileSync(join(dir, "openclaw.json"), JSON.stringify(simConfig(sim, { fallbacks: [] })));
      // Node's loader read the gateway's ~230 modules with up to 95 files open at once: at 64
      // the start failed with EMFILE on a module file in 5 of 5 runs.
      const cli = await startGatewayProcess(
        cliEnv(dir, { MOONSHOT_API_KEY: sim.keys.moonshot }),
        [],
        64,
      );
      expect(cli.stderr()).not.toContain("EMFILE");
      const response = await fetch(`${cli.url}/v1/chat/completions`, {
        method: "POST",
        headers: auth,
        body: JSON.stringify({
          model: "moonshot/kimi-k2-turbo-preview",
          messages: [{ role: "user", content: "hi" }],
        }),
      });
      expect(response.status).toBe(200);
      cli.child.kill("SIGTERM");
      expect(await cli.exited).toBe(0);
      expect(cli.stderr()).toContain("serving at most 1 at once");
      // The start alone may take up to startGatewayProcess's 50 s on a loaded machine.
    }, 90_000);

    it("under the floor, refuses at once with the limit and how to raise it, not an EMFILE", async () => {
      const dir = stateDir();
      writeFileSync(join(dir, "openclaw.json"), JSON.stringify(simConfig(sim, { fallbacks: [] })));
      const cli = spawnGateway(cliEnv(dir, { MOONSHOT_API_KEY: sim.keys.moonshot }), [], 48);
      expect(await cli.exited).toBe(1);
      expect(cli.stderr()).toBe(
        "error: this process may open 48 files (ulimit -n), and the gateway needs at least 64 to start\n" +
          "hint: raise the open-files limit: ulimit -n 1024 in the shell before starting it, LimitNOFILE=1024 under systemd, --ulimit nofile=1024 for docker\n",
      );
      expect(cli.stdout()).toBe("");
    });
  },
);

describe("an openclaw gateway start that fails (built CLI)", () => {
  const handWritten = `{
  // my gateway: loopback only, the token comes later
  gateway: {
    port: 18789, // the default, kept for the docs
  },
}
`;

  /** `openclaw gateway <args>` to its end (a start that fails ends at once). */
  async function runGateway(env: NodeJS.ProcessEnv, args: string[]) {
    const cli = spawnGateway(env, args);
    const timer = setTimeout(() => cli.child.kill("SIGKILL"), 15_000);
    const code = await cli.exited;
    clearTimeout(timer);
    return { code, stdout: cli.stdout(), stderr: cli.stderr() };
  }

  /** A state dir holding only a hand-written config without a token. */
  function handWrittenState(): string {
    const dir = stateDir();
    writeFileSync(join(dir, "openclaw.json"), handWritten);
    return dir;
  }

  function expectUntouched(dir: string, extra: string[] = []) {
    expect(readFileSync(join(dir, "openclaw.json"), "utf8")).toBe(handWritten);
    expect(readdirSync(dir).sort()).toEqual(["openclaw.json", ...extra].sort());
  }

  it("writes no token and no ledger when it cannot listen on the address or the port", async () => {
    const badBind = handWrittenState();
    const nowhere = await runGateway(cliEnv(badBind), ["--bind", "nowhere"]);
    // An address typed on the command line that is not one: a usage mistake.
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toContain('error: cannot listen on "nowhere": no such local address');
    expect(nowhere.stdout).not.toMatch(/token|ocg_/);
    expectUntouched(badBind);

    // The gateway asks the port's holder for /healthz (is it a gateway?): the probe's connection
    // is dropped at once, or close() would wait for it.
    const blocker = createNetServer((socket) => socket.destroy());
    await new Promise<void>((listening) => blocker.listen(0, "127.0.0.1", listening));
    try {
      const taken = (blocker.address() as AddressInfo).port;
      const busy = handWrittenState();
      const inUse = await runGateway(cliEnv(busy), ["--port", String(taken)]);
      expect(inUse.code).toBe(1);
      expect(inUse.stderr).toContain(`error: port ${taken} on 127.0.0.1 is already in use`);
      expect(inUse.stdout).not.toMatch(/token|ocg_/);
      expectUntouched(busy);
    } finally {
      await new Promise((closed) => blocker.close(closed));
    }
  });

  it("names a ledger file that is not a database and says to move it away, writing no token", async () => {
    const dir = handWrittenState();
    writeFileSync(join(dir, "usage.sqlite"), "not a database\n");
    const result = await runGateway(cliEnv(dir), []);
    expect(result.code).toBe(1);
    const ledger = join(dir, "usage.sqlite");
    expect(result.stderr).toContain(
      `error: the usage ledger ${ledger} is damaged or not a SQLite database (file is not a database)`,
    );
    expect(result.stderr).toContain(
      `hint: move it away (mv ${ledger} ${ledger}.broken): the gateway starts a new ledger there on its next start`,
    );
    expect(result.stderr).not.toContain("looks like a bug");
    expect(result.stdout).not.toMatch(/token|ocg_/);
    expectUntouched(dir, ["usage.sqlite"]);
    expect(readFileSync(ledger, "utf8")).toBe("not a database\n");
  });

  it("saves a new token into a hand-written config without losing what the person wrote", async () => {
    const dir = handWrittenState();
    const configPath = join(dir, "openclaw.json");
    const cli = await startGatewayProcess(cliEnv(dir));
    expect(cli.stdout()).toContain(
      `gateway token created and saved as gateway.auth.token in ${configPath}`,
    );
    const saved = readFileSync(configPath, "utf8");
    expect(saved).toMatch(/token: "ocg_[\w-]+"|"token": "ocg_[\w-]+"/);
    // Either the comments are still in the file, or the output says where the file as written is.
    if (!saved.includes("// my gateway")) {
      expect(cli.stderr()).toContain(
        `note: ${configPath} was rewritten as plain JSON to save the token, so its comments and layout are gone; the file as you wrote it is kept in ${configPath}.bak`,
      );
      expect(readFileSync(`${configPath}.bak`, "utf8")).toBe(handWritten);
    } else {
      expect(saved).toContain("port: 18789, // the default, kept for the docs");
      expect(cli.stderr()).not.toContain("rewritten as plain JSON");
    }
    cli.child.kill("SIGTERM");
    expect({ code: await cli.exited, stderr: cli.stderr() }).toMatchObject({ code: 0 });
  });
  it("says nothing of a rewrite when saving a token into a config openclaw wrote (plain JSON)", async () => {
    const dir = stateDir();
    const configPath = join(dir, "openclaw.json");
    const cli = (...args: string[]) =>
      execFileSync(process.execPath, [bin, ...args], { env: cliEnv(dir) });
    cli("config", "set", "gateway.auth.token", "ocg_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    cli("config", "unset", "gateway.auth.token");
    // What openclaw wrote: JSON with an emptied object spread over two lines.
    expect(readFileSync(configPath, "utf8")).toMatch(/"auth": \{\n\s*\}/);
    const gateway = await startGatewayProcess(cliEnv(dir));
    expect(gateway.stdout()).toContain(
      `gateway token created and saved as gateway.auth.token in ${configPath}`,
    );
    expect(readFileSync(configPath, "utf8")).toMatch(/"token": "ocg_[\w-]+"/);
    expect(gateway.stderr()).not.toContain("rewritten");
    expect(gateway.stderr()).not.toContain(".bak");
    gateway.child.kill("SIGTERM");
    expect({ code: await gateway.exited, stderr: gateway.stderr() }).toMatchObject({ code: 0 });
  });
});

describe("openclaw gateway behind a proxy (built CLI)", () => {
  let sim: Simulator;
  let proxy: ForwardProxy;
  beforeAll(async () => {
    sim = await startSimulator({ serveRetiredModels: true });
    proxy = await startForwardProxy();
  });
  afterAll(async () => {
    await proxy?.close();
    await sim?.close();
  });

  it("says which proxy it uses and serves chats through it; loopback upstreams stay direct", async () => {
    const dir = stateDir();
    const config = simConfig(sim, { gateway: { auth: { mode: "token", token: GATEWAY_TOKEN } } });
    // Moonshot under its real name goes through the proxy; Kimi Code on 127.0.0.1 does not.
    config.models.providers.moonshot.baseUrl = `http://api.moonshot.ai:${sim.port}/v1`;
    // The proxy comes from the config's env block, NO_PROXY from the shell.
    const withProxy = { ...config, env: { HTTP_PROXY: `http://gw:pw@127.0.0.1:${proxy.port}` } };
    writeFileSync(join(dir, "openclaw.json"), JSON.stringify(withProxy));
    const cli = await startGatewayProcess({
      ...gatewayEnv(dir, sim.keys),
      NO_PROXY: "internal.example",
    });
    await eventually(() => cli.stderr().includes("upstream proxy:"), 3000, "the proxy line");
    expect(cli.stderr()).toContain(
      `upstream proxy: http via http://127.0.0.1:${proxy.port} (HTTP_PROXY); direct: loopback, internal.example`,
    );
    expect(cli.stderr()).not.toContain("gw:pw");
    for (const model of ["moonshot/kimi-k2.5", "kimi-code/kimi-for-coding"]) {
      const chat = await fetch(`${cli.url}/v1/chat/completions`, {
        method: "POST",
        headers: auth,
        body: JSON.stringify({ model, messages: [{ role: "user", content: `hi ${model}` }] }),
      });
      const body = (await chat.json()) as { choices: { message: { content: string } }[] };
      expect(chat.status).toBe(200);
      expect(body.choices[0]?.message.content).toContain(`hi ${model}`);
    }
    // The start's ask for the models Moonshot serves goes through it too; Kimi Code's does not.
    await eventually(
      () => proxy.visits.some((visit) => visit.target.endsWith("/models")),
      5000,
      "the GET /models through the proxy",
    );
    expect(proxy.visits.map((visit) => visit.target).sort()).toEqual([
      `http://api.moonshot.ai:${sim.port}/v1/chat/completions`,
      `http://api.moonshot.ai:${sim.port}/v1/models`,
    ]);
    cli.child.kill("SIGTERM");
    expect(await cli.exited).toBe(0);
  });

  it("refuses to start when a proxy variable is not an HTTP proxy URL", async () => {
    const cli = spawnGateway(cliEnv(stateDir(), { HTTPS_PROXY: "socks5://127.0.0.1:1080" }));
    const code = await cli.exited;
    const out = cli.stdout();
    const err = cli.stderr();
    expect(code).toBe(1);
    expect(out).not.toContain("listening");
    expect(err).toContain(
      "error: HTTPS_PROXY names a socks5 proxy; only HTTP proxies are supported",
    );
    expect(err).toContain("hint: use the proxy's HTTP address (http://host:port)");
  });
});

describe("the built CLI behind a pipe its reader closed", () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ serveRetiredModels: true });
  });
  afterAll(async () => {
    await sim?.close();
  });

  it("`openclaw agent … | head` finishes quietly and still saves the session", async () => {
    const dir = stateDir();
    writeFileSync(join(dir, "openclaw.json"), JSON.stringify(simConfig(sim)));
    const child = spawn(
      process.execPath,
      [bin, "agent", "-m", `${"a long answer please ".repeat(400)}`],
      {
        env: cliEnv(dir, { MOONSHOT_API_KEY: sim.keys.moonshot }),
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    trackProcess(child);
    let err = "";
    child.stderr?.on("data", (data: Buffer) => {
      err += data.toString();
    });
    // Like `head -c 20`: take the first bytes, then close the reading end.
    child.stdout?.once("data", () => child.stdout?.destroy());
    const code = await new Promise<number | null>((resolveExit) =>
      child.once("exit", (exitCode) => resolveExit(exitCode)),
    );
    expect({ code, err }).toMatchObject({ code: 0 });
    expect(err).not.toMatch(/EPIPE|Unhandled|node:events/);
    const sessions = join(dir, "agents", "main", "sessions");
    expect(readdirSync(sessions).filter((name) => name.endsWith(".jsonl"))).toHaveLength(1);
  });
});
