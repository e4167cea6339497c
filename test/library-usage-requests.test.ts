/**
 * readUsageRequests, the library's `openclaw usage --last --json` (and `--errors`): after real
 * requests through a gateway in front of the simulator, one that failed among them, its list is
 * the command's for the same state dir and options, request for request. Its mistakes are said in
 * its options' words (`since`, `last`, `errors`, a name it does not take), never the command's
 * flags. No ledger yet is an empty list, as the command's; the ledger file is closed after each
 * read; SQLite is loaded on the first call, not on import. Imported from the built package entry.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GATEWAY_TOKEN, type GatewayEnv, startGatewayEnv } from "./gateway/harness.js";
import { runCli } from "./helpers/cli.js";
import { tempDir } from "./helpers/tmp.js";

type Library = typeof import("../src/index.js");
const library = pathToFileURL(join(import.meta.dirname, "../dist/index.js")).href;
let readUsageRequests: Library["readUsageRequests"];
let isOpenClawError: Library["isOpenClawError"];

let env: GatewayEnv;
beforeAll(async () => {
  ({ readUsageRequests, isOpenClawError } = (await import(library)) as Library);
  env = await startGatewayEnv({
    editConfig(config) {
      // A price, so that each answered request has a cost.
      const models = config.models as { providers: Record<string, { models: object[] }> };
      for (const model of models.providers.moonshot?.models ?? [])
        Object.assign(model, { cost: { input: 0.6, output: 2.5, cacheRead: 0.15, cacheWrite: 0 } });
    },
  });
}, 120_000);
afterAll(async () => {
  await env?.close();
});

/** One chat request through the gateway with the official client; whether it was answered. */
async function ask(model: string, user?: string): Promise<boolean> {
  try {
    await env.client(GATEWAY_TOKEN).chat.completions.create({
      model,
      messages: [{ role: "user", content: "Hi" }],
      ...(user === undefined ? {} : { user }),
    });
    return true;
  } catch {
    return false;
  }
}

/** `openclaw usage --json` with these flags, on `state`. */
async function cliList(args: string[], state = env.stateDir): Promise<unknown> {
  const run = await runCli(["usage", "--json", ...args], { env: { OPENCLAW_STATE_DIR: state } });
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as unknown;
}

/** Today's local date (`2026-12-06`): a `since` that is the same moment for both readers. */
function today(): string {
  const now = new Date();
  return [now.getFullYear(), now.getMonth() + 1, now.getDate()]
    .map((n) => String(n).padStart(2, "0"))
    .join("-");
}

/** How many descriptors of this process are open on `path` (Linux's /proc). */
function filesOpen(path: string): number {
  return readdirSync("/proc/self/fd").filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === path;
    } catch {
      return false;
    }
  }).length;
}

/** What a call rejected with. */
async function rejection(run: Promise<unknown>): Promise<unknown> {
  return run.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe("readUsageRequests after requests through a gateway", () => {
  it("gives the requests openclaw usage --last --json and --errors --json print", async () => {
    expect(await ask("moonshot/kimi-k2.5", "app-one")).toBe(true);
    expect(await ask("kimi-code/kimi-for-coding", "app-two")).toBe(true);
    // The provider refuses the next request as too long: a failure the ledger records.
    env.sim.failNext(1, "tokenLimit");
    expect(await ask("moonshot/kimi-k2.5", "app-three")).toBe(false);
    await env.gateway.ledger?.flush();
    const state = { OPENCLAW_STATE_DIR: env.stateDir };
    const since = today();

    const listed = await readUsageRequests({ env: state, since, last: 5 });
    expect(listed).toEqual(await cliList(["--last", "5", "--since", since]));
    // Oldest first, each with its client, model, status and cost.
    expect(
      listed.requests.map((request) => [
        request.client,
        request.modelUsed,
        request.status,
        request.outcome,
        (request.costUsd ?? 0) > 0,
      ]),
    ).toEqual([
      ["app-one", "moonshot/kimi-k2.5", 200, "ok", true],
      ["app-two", "kimi-code/kimi-for-coding", 200, "ok", false],
      ["app-three", "moonshot/kimi-k2.5", 400, "error", false],
    ]);
    expect(listed.requests[0]?.time).toBe(new Date(listed.requests[0]?.ts ?? 0).toISOString());
    expect([listed.ledger, listed.ledgerEnabled, listed.rowsRemoved]).toEqual([
      env.gateway.ledgerPath,
      true,
      null,
    ]);

    // errors: true is --errors: the failure alone.
    const failed = await readUsageRequests({ env: state, since, errors: true });
    expect(failed).toEqual(await cliList(["--errors", "--since", since]));
    expect(failed.requests.map((request) => request.client)).toEqual(["app-three"]);

    // last: 2 is the latest two, still oldest first.
    const latest = await readUsageRequests({ env: state, since, last: 2 });
    expect(latest).toEqual(await cliList(["--last", "2", "--since", since]));
    expect(latest.requests).toEqual(listed.requests.slice(1));

    // Left out: the last 7 days, the latest 20 (its since counts back from each one's now).
    const { since: _ours, ...byDefault } = await readUsageRequests({ env: state, last: undefined });
    const { since: _printed, ...printed } = (await cliList(["--last", "20"])) as {
      since: string;
    };
    expect(byDefault).toEqual(printed);
    // The gateway's own writer keeps the ledger open: nothing more is left open by the reads.
    const ledger = env.gateway.ledgerPath ?? "";
    const openByGateway = filesOpen(ledger);
    await readUsageRequests({ env: state });
    expect(filesOpen(ledger)).toBe(openByGateway);
  }, 240_000);
});

describe("readUsageRequests's mistakes", () => {
  const state = () => ({ OPENCLAW_STATE_DIR: tempDir() });

  it("an option it does not take is named, with the one it most likely meant", async () => {
    const error = await rejection(
      readUsageRequests({ env: state(), lats: 5 } as unknown as { last: number }),
    );
    expect(isOpenClawError(error) && [error.code, error.where]).toEqual(["usage", "lats"]);
    expect(isOpenClawError(error) && error.message).toBe(
      'readUsageRequests has no option "lats" (did you mean last?)',
    );
    expect(isOpenClawError(error) && error.hint).toMatch(/^spell it last, or leave it out: /);
  });

  it("a last that is no count from 1 to 10000 says so, of last", async () => {
    const cases: Array<[unknown, string, string]> = [
      [0, "(got 0)", "for example readUsageRequests({ last: 20 })"],
      [2.5, "(got 2.5)", "for example readUsageRequests({ last: 20 })"],
      [10_001, "(got 10001)", "at most 10000 are listed at once"],
      ["5", '(got "5")', "pass it as a number: readUsageRequests({ last: 5 })"],
      [null, "(got null)", "for example readUsageRequests({ last: 20 })"],
    ];
    for (const [last, got, hint] of cases) {
      const error = await rejection(
        readUsageRequests({ env: state(), last: last as number | undefined }),
      );
      expect(isOpenClawError(error) && error.toJSON(), String(last)).toMatchObject({
        code: "usage",
        where: "last",
        message: `readUsageRequests's last must be a whole number from 1 to 10000 ${got}`,
      });
      expect(isOpenClawError(error) && error.hint?.startsWith(hint), String(last)).toBe(true);
    }
  });

  it("an errors that is not true or false says so, of errors", async () => {
    const error = await rejection(
      readUsageRequests({ env: state(), errors: "yes" as unknown as boolean }),
    );
    expect(isOpenClawError(error) && error.toJSON()).toEqual({
      code: "usage",
      where: "errors",
      message: `readUsageRequests's errors must be true or false (got "yes")`,
      hint: "readUsageRequests({ errors: true }) lists only the requests that failed",
    });
  });

  it("a since it cannot take is said of since, in its own word, not --since", async () => {
    for (const [since, said] of [
      [
        "1793525415",
        'since "1793525415" looks like a Unix time in seconds, which since does not take',
      ],
      ["7x", 'since "7x" is neither a duration nor a date'],
      ["2999-01-01", 'since "2999-01-01" is in the future ('],
    ] as const) {
      const error = await rejection(readUsageRequests({ env: state(), since }));
      expect(isOpenClawError(error) && [error.code, error.where], since).toEqual([
        "usage",
        "since",
      ]);
      if (!isOpenClawError(error)) continue;
      expect(error.message.startsWith(said), error.message).toBe(true);
      expect(`${error.message} ${error.hint}`).not.toContain("--since");
    }
    for (const [since, got] of [
      [7, "number"],
      [null, "null"],
    ] as const) {
      const notText = await rejection(readUsageRequests({ env: state(), since: since as never }));
      expect(isOpenClawError(notText) && notText.toJSON()).toEqual({
        code: "usage",
        where: "since",
        message: `readUsageRequests's since must be a string such as "7d" or "2026-11-01" (got ${got})`,
        hint: 'write the duration or date as text: readUsageRequests({ since: "7d" })',
      });
    }
  });

  it("a state dir no gateway has started in is an empty list, as the command's, and no file is made", async () => {
    const dir = tempDir();
    const since = today();
    const list = await readUsageRequests({ env: { OPENCLAW_STATE_DIR: dir }, since });
    expect(list.requests).toEqual([]);
    expect(list.ledger).toBe(join(dir, "usage.sqlite"));
    expect(list).toEqual(await cliList(["--last", "20", "--since", since], dir));
    expect(existsSync(join(dir, "usage.sqlite"))).toBe(false);
  }, 120_000);

  it("a ledger file that is no database is said with what to do, and is closed after", async () => {
    const dir = tempDir();
    const ledger = join(dir, "usage.sqlite");
    writeFileSync(ledger, "these are notes, not a database\n".repeat(200));
    const error = await rejection(readUsageRequests({ env: { OPENCLAW_STATE_DIR: dir } }));
    expect(isOpenClawError(error) && [error.code, error.hint !== undefined]).toEqual([
      "ledger.damaged",
      true,
    ]);
    expect(filesOpen(ledger)).toBe(0);
  });
});

describe("readUsageRequests and SQLite", () => {
  it("loads SQLite's binary on a call that reads a ledger, not when the package is imported", async () => {
    expect(await ask("moonshot/kimi-k2.5")).toBe(true);
    await env.gateway.ledger?.flush();
    // A program of its own: this test's process has SQLite loaded already.
    const program = `
      import { createRequire } from "node:module";
      const require = createRequire(import.meta.url);
      const sqlite = () => Object.keys(require.cache).some((path) => path.endsWith("better_sqlite3.node"));
      const { readUsageRequests } = await import(${JSON.stringify(library)});
      const before = sqlite();
      const list = await readUsageRequests({ env: { OPENCLAW_STATE_DIR: ${JSON.stringify(env.stateDir)} } });
      console.log(JSON.stringify({ before, after: sqlite(), listed: list.requests.length > 0 }));
    `;
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", program], {
      encoding: "utf8",
      env: Object.fromEntries(
        Object.entries({ ...env.env, PATH: process.env.PATH }).filter(
          (entry): entry is [string, string] => entry[1] !== undefined,
        ),
      ),
    });
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual({ before: false, after: true, listed: true });
  }, 120_000);
});
