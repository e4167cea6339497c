/**
 * `--log-requests` tells at most 20 refused paths a minute and counts the rest in one line
 * (28a759f). A path still refused at its minute's end is told again with its count, and kept
 * for another minute: a client cycling through more paths than that (a scanner run in a loop)
 * must not get past the cap that way, nor make the gateway keep an entry and a timer for every
 * path it ever tried.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type RouteRefusal, refusedRouteLog } from "../../src/gateway/refused-routes.js";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const WINDOW = 60_000;

describe("refused paths told to the operator, a scan run again and again", () => {
  it("tells at most 20 paths a minute however long it goes on, and accounts for every refusal", () => {
    const told: RouteRefusal[] = [];
    const log = refusedRouteLog((refusal) => told.push(refusal), WINDOW);
    const start = Date.now();
    const pending = vi.getTimerCount;
    let sent = 0;
    for (let minute = 0; minute < 10; minute++) {
      // Every path twice a minute: each is still refused when its minute ends.
      for (const half of [0, 1]) {
        for (let i = 0; i < 100; i++) {
          log.refused("GET", `/scan/${i}?q=${minute}`, 404, undefined);
          sent++;
        }
        vi.advanceTimersByTime(WINDOW / 2 + half);
      }
    }
    // Quiet: whatever is still counted is told, and nothing is kept.
    vi.advanceTimersByTime(3 * WINDOW);
    // Lines about a path, by the minute they were told in (the windows start on the minute here).
    const perMinute = new Map<number, number>();
    for (const refusal of told) {
      if (refusal.kind !== "route") continue;
      const minute = Math.floor((refusal.ts - start) / WINDOW);
      perMinute.set(minute, (perMinute.get(minute) ?? 0) + 1);
    }
    expect(perMinute.size).toBeGreaterThan(9);
    expect(Math.max(...perMinute.values())).toBeLessThanOrEqual(20);
    expect(pending()).toBe(0);
    const accounted = told.reduce(
      (sum, refusal) =>
        sum +
        (refusal.kind === "others"
          ? refusal.requests
          : refusal.since === undefined
            ? 1
            : refusal.repeats),
      0,
    );
    expect(accounted).toBe(sent);
    log.close();
  });
});

describe("a refused path as the operator is shown it", () => {
  it("leaves out the credentials of a request sent as to a proxy, and every query value", () => {
    const told: RouteRefusal[] = [];
    const log = refusedRouteLog((refusal) => told.push(refusal), WINDOW);
    log.refused(
      "GET",
      "http://alice:ocg_secret0001@api.example.com/v1/x?token=abc",
      404,
      undefined,
    );
    expect(told[0]).toMatchObject({ path: "http://…@api.example.com/v1/x?token=…" });
    log.close();
  });

  it("masks a key or the gateway's token pasted into the base URL, and so in the path", () => {
    const told: RouteRefusal[] = [];
    const log = refusedRouteLog((refusal) => told.push(refusal), WINDOW);
    const token = "ocg_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde";
    log.refused("POST", `/${token}/v1/v1/chat/completions`, 404, undefined);
    log.refused("POST", "/sk-kimi-Secret0123456789abcdef/v1/messages", 404, undefined);
    log.refused("GET", `/${"x".repeat(150)}/${token}/v1/models`, 404, undefined);
    expect(told.map((refusal) => refusal.kind === "route" && refusal.path)).toEqual([
      "/ocg_***/v1/v1/chat/completions",
      "/sk-kimi-***/v1/messages",
      `/${"x".repeat(150)}/ocg_***/… (169 characters)`,
    ]);
    expect(JSON.stringify(told)).not.toMatch(/AbCdEfGh|Secret0123/);
    log.close();
  });

  it("leaves out a password with an @ of its own, as Node takes it unescaped", () => {
    const told: RouteRefusal[] = [];
    const log = refusedRouteLog((refusal) => told.push(refusal), WINDOW);
    log.refused("GET", "http://alice:ocg_se@cret0001@api.example.com/v1/x", 404, undefined);
    expect(told[0]).toMatchObject({ path: "http://…@api.example.com/v1/x" });
    expect(JSON.stringify(told)).not.toContain("cret0001");
    log.close();
  });
});
