/**
 * The credential store as the running gateway reads it, when its file is deleted: a request that
 * finds it gone gets the keys last read for a while (a hand rewrite, rm then write, leaves a moment
 * with no file), and then none (deleting the store is how keys are taken away). Real files in a
 * temporary directory; the clock is the test's own, so that what is checked is the length of that
 * while, not how busy the machine is.
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { withApiKeyProfile, writeAuthStore } from "../../src/auth/store.js";
import { CONFIG_SETTLE_MS } from "../../src/gateway/config-file-state.js";
import { WATCH_DEBOUNCE_MS } from "../../src/gateway/config-watch.js";
import { lastGoodStore, STORE_SETTLE_MS } from "../../src/gateway/last-good-store.js";

/** A store of moonshot's key in a new directory, read by lastGoodStore on a clock set by hand. */
function storeOnClock() {
  const dir = mkdtempSync(join(tmpdir(), "last-good-store-"));
  const write = () =>
    writeAuthStore(
      dir,
      withApiKeyProfile({ version: 1, profiles: {} }, "moonshot:default", "moonshot", {
        key: "sk-test-last-good-0001",
      }),
    );
  write();
  const clock = { now: 0 };
  const store = lastGoodStore(dir, () => clock.now);
  const profiles = () => Object.keys(store.read().profiles);
  return { dir, file: join(dir, "auth-profiles.json"), write, clock, store, profiles };
}

describe("a credential store deleted under a gateway", () => {
  it("keeps its keys for a request until past the watcher's own wait, then has none", () => {
    const { file, clock, profiles } = storeOnClock();
    expect(profiles()).toEqual(["moonshot:default"]);
    rmSync(file);
    // The first request to find it gone: its grace starts here.
    clock.now = 10_000;
    expect(profiles()).toEqual(["moonshot:default"]);
    // The watcher reads a changed store after its debounce, and a store seen gone only after
    // CONFIG_SETTLE_MS more: a rewrite it takes as one reload (written back just before then)
    // must not refuse a request in between, were its timers late by 300 ms on a busy machine.
    clock.now = 10_000 + WATCH_DEBOUNCE_MS + CONFIG_SETTLE_MS + 300;
    expect(profiles()).toEqual(["moonshot:default"]);
    // Left deleted (no watcher, or one that did not come): the keys are gone.
    clock.now = 10_000 + STORE_SETTLE_MS;
    expect(profiles()).toEqual([]);
  });
});

describe("a credential store deleted, written back and deleted again with no request in between", () => {
  it("gives the second deletion's first request its own grace", async () => {
    // As with watch: false, where only requests look at the store: a first deletion seen by a
    // request, the file written back (no request sees it), then deleted again much later.
    const { dir, file, write, clock, profiles } = storeOnClock();
    expect(profiles()).toEqual(["moonshot:default"]);
    rmSync(file);
    clock.now = 1_000;
    expect(profiles()).toEqual(["moonshot:default"]);
    // Written back once the file system's clock has moved on (its times are coarse: a few ms).
    const afterRm = statSync(dir).mtimeMs;
    do {
      await new Promise((resolveWait) => setTimeout(resolveWait, 5));
      write();
    } while (statSync(dir).mtimeMs === afterRm);
    // Deleted again a minute later, the next request the first to find it gone (a hand rewrite's
    // gap): before, the first deletion's moment stood, and this request had no key.
    clock.now = 61_000;
    rmSync(file);
    expect(profiles()).toEqual(["moonshot:default"]);
    clock.now = 61_000 + STORE_SETTLE_MS;
    expect(profiles()).toEqual([]);
  });
});
