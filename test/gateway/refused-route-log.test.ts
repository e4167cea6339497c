/**
 * A client with a wrong base URL gets the gateway's 404 ("no route for …", with what to fix), but
 * some show their user only "HTTP 404" (GitHub Copilot CLI), and `--log-requests` listed chat
 * requests only: the operator saw no trace of it. A refused path is now logged, once per method
 * and path a minute with a count of the repeats, and at most 20 paths a minute.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { RouteRefusal } from "../../src/gateway/index.js";
import {
  killGatewayProcesses,
  spawnGateway,
  startGatewayProcess,
} from "../helpers/gateway-process.js";
import { eventually } from "../helpers/wait.js";
import { type GatewayEnv, startGatewayEnv } from "./harness.js";

const dirs: string[] = [];
function cliEnv(): NodeJS.ProcessEnv {
  const dir = mkdtempSync(join(tmpdir(), "openclaw-k7-routes-"));
  dirs.push(dir);
  return {
    PATH: process.env.PATH,
    OPENCLAW_STATE_DIR: dir,
    OPENCLAW_HOME: dir,
    NO_COLOR: "1",
    TZ: "UTC",
  };
}

/** What a client with `http://127.0.0.1:port/v1` and its own `/v1/chat/completions` sends. */
function doubledV1(url: string, query = ""): Promise<Response> {
  return fetch(`${url}/v1/v1/chat/completions${query}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer whatever" },
    body: JSON.stringify({
      model: "moonshot/kimi-k2.5",
      messages: [{ role: "user", content: "hi" }],
    }),
  });
}

afterEach(() => killGatewayProcesses());
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("openclaw gateway --log-requests and a path it does not serve", () => {
  it("logs the refusal once, with method, path, status and the client's hint, not once per retry", async () => {
    const cli = await startGatewayProcess(cliEnv(), ["--log-requests"]);
    for (let i = 0; i < 5; i++) {
      const response = await doubledV1(
        cli.url,
        "?api-version=2024-10-21&key=sk-secret-in-query-0001",
      );
      expect(response.status).toBe(404);
      await response.text();
    }
    const lines = () =>
      cli
        .stderr()
        .split("\n")
        .filter((line) => line.includes("no such route"));
    await eventually(() => lines().length > 0, 5000, "the refused route's line");
    // One more request after the line was written: still the one line.
    await (await doubledV1(cli.url)).text();
    await (await fetch(`${cli.url}/healthz`)).text();
    expect(lines()).toHaveLength(1);
    expect(lines()[0]).toMatch(
      /^\d\d:\d\d:\d\d {2}404 {2}POST \/v1\/v1\/chat\/completions\?api-version=…&key=… {2}no such route {2}Does the client's base URL end in \/v1 and the client add another \/v1\?$/,
    );
    expect(cli.stderr()).not.toContain("sk-secret-in-query");
    expect(cli.stderr()).not.toContain("2024-10-21");
  });

  it("says nothing of it without --log-requests", async () => {
    const cli = await startGatewayProcess(cliEnv());
    await (await doubledV1(cli.url)).text();
    await (await fetch(`${cli.url}/healthz`)).text();
    expect(cli.stderr()).not.toContain("no such route");
    expect(cli.stderr()).not.toContain("/v1/v1/");
  });

  it("with --json, is a route_refused event", async () => {
    const cli = spawnGateway(cliEnv(), ["--json", "--log-requests"]);
    type Event = { event: string; [field: string]: unknown };
    const events = (): Event[] =>
      cli
        .stdout()
        .split("\n")
        .filter((line) => line !== "")
        .map((line) => JSON.parse(line) as Event);
    await eventually(() => events().some((e) => e.event === "listening"), 50_000, "listening");
    const url = String(events().find((e) => e.event === "listening")?.url);
    await (await fetch(`${url}/chat/completions`, { method: "POST", body: "{}" })).text();
    await (await fetch(`${url}/chat/completions`, { method: "POST", body: "{}" })).text();
    await eventually(
      () => events().some((e) => e.event === "route_refused"),
      5000,
      "route_refused",
    );
    const refused = events().filter((e) => e.event === "route_refused");
    expect(refused).toHaveLength(1);
    expect(refused[0]).toEqual({
      time: expect.any(String),
      event: "route_refused",
      method: "POST",
      path: "/chat/completions",
      status: 404,
      hint: "Is the client's base URL missing the /v1 at its end?",
      repeats: 0,
      since: null,
    });
  });
});

describe("refused routes as the gateway tells them", () => {
  /** A gateway whose window is shortened to 300 ms, and one with the minute's. */
  let short: GatewayEnv;
  let minute: GatewayEnv;
  const toldShort: RouteRefusal[] = [];
  const toldMinute: RouteRefusal[] = [];
  beforeAll(async () => {
    short = await startGatewayEnv({
      start: { onRouteRefused: (refusal) => toldShort.push(refusal), refusedRouteWindowMs: 300 },
    });
    minute = await startGatewayEnv({
      start: { onRouteRefused: (refusal) => toldMinute.push(refusal) },
    });
  });
  afterAll(async () => {
    await short.close();
    await minute.close();
  });

  /**
   * The refusals a list of reports accounts for: a path's first report one, a later one its
   * repeats, a count of others its requests.
   */
  const accounted = (told: RouteRefusal[]) =>
    told.reduce(
      (sum, refusal) =>
        sum +
        (refusal.kind === "others"
          ? refusal.requests
          : refusal.since === undefined
            ? 1
            : refusal.repeats),
      0,
    );

  it("a client looping on a wrong path: one report, then the count of its repeats at the window's end", async () => {
    toldShort.length = 0;
    for (let i = 0; i < 6; i++) await (await doubledV1(short.gateway.url)).text();
    await eventually(() => accounted(toldShort) === 6, 5000, "the repeats' report");
    const reports = toldShort as Extract<RouteRefusal, { kind: "route" }>[];
    expect(reports.every((report) => report.path === "/v1/v1/chat/completions")).toBe(true);
    expect(reports[0]).toMatchObject({ method: "POST", repeats: 0, since: undefined });
    // Each later report counts the repeats since the one before it.
    const later = reports.slice(1);
    expect(later.length).toBeGreaterThan(0);
    for (const [i, report] of later.entries()) {
      expect(report.repeats).toBeGreaterThan(0);
      expect(report.since).toBe(reports[i]?.ts);
    }
    // Quiet for a window: nothing more is said.
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(accounted(toldShort)).toBe(6);
  });

  it("tells a query's names but none of its values, a bare one (a key as the whole query) too", async () => {
    toldShort.length = 0;
    const query = "?ocg_gatewaytokenpastedasthequery0001&beta=true&api_key=ocg_secret0002";
    await (await doubledV1(short.gateway.url, query)).text();
    const told = toldShort[0] as Extract<RouteRefusal, { kind: "route" }>;
    expect(told.path).toBe("/v1/v1/chat/completions?…&beta=…&api_key=…");
  });

  it("masks the gateway's token or a key pasted into the base URL in the advice too, which quotes the path's start", async () => {
    toldShort.length = 0;
    const token = "ocg_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde";
    // An Anthropic client whose base URL has the token in it: the advice says to take it out.
    for (const prefix of [token, "sk-kimi-Secret0123456789abcdefghij"])
      await (await fetch(`${short.gateway.url}/${prefix}/v1/messages`, { method: "POST" })).text();
    await eventually(() => toldShort.length >= 2, 5000, "both refusals told");
    const hints = toldShort.map((refusal) => refusal.kind === "route" && refusal.hint);
    expect(hints).toEqual([
      'This gateway serves /v1/messages at its root: take "/ocg_***…" (48 characters) out of the client\'s base URL',
      'This gateway serves /v1/messages at its root: take "/sk-kimi-***" out of the client\'s base URL',
    ]);
    expect(JSON.stringify(toldShort)).not.toMatch(/AbCdEfGh|Secret0123/);
  });

  it("masks the piece of a token or key that the advice's quote cuts short, too short to look like one", async () => {
    toldShort.length = 0;
    const token = "ocg_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde";
    // The quote keeps 40 characters: the token's or key's first few are its last.
    for (const prefix of [
      `${"a".repeat(30)}/${token}`,
      `${"a".repeat(29)}/sk-AbCdEfGhIj0123456789`,
    ])
      await (await fetch(`${short.gateway.url}/${prefix}/v1/messages`, { method: "POST" })).text();
    await eventually(() => toldShort.length >= 2, 5000, "both refusals told");
    const hints = toldShort.map((refusal) => refusal.kind === "route" && refusal.hint);
    expect(hints).toEqual([
      `This gateway serves /v1/messages at its root: take "/${"a".repeat(30)}/ocg_***…" (79 characters) out of the client's base URL`,
      `This gateway serves /v1/messages at its root: take "/${"a".repeat(29)}/sk-***…" (54 characters) out of the client's base URL`,
    ]);
    expect(JSON.stringify(toldShort)).not.toMatch(/AbCd/);
  });

  it("a scan of many paths: 20 told in a minute, the rest only counted", async () => {
    toldMinute.length = 0;
    for (let i = 0; i < 26; i++) await (await fetch(`${minute.gateway.url}/scan/${i}`)).text();
    expect(toldMinute.map((refusal) => refusal.kind === "route" && refusal.path)).toEqual(
      Array.from({ length: 20 }, (_, i) => `/scan/${i}`),
    );
    // With a short window, what is past the cap is told as a count when the window ends.
    toldShort.length = 0;
    for (let i = 0; i < 26; i++) await (await fetch(`${short.gateway.url}/scan/${i % 25}`)).text();
    await eventually(() => accounted(toldShort) === 26, 5000, "every refusal accounted for");
  });
});
