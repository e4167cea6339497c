/**
 * The credential store as the running gateway reads it, when its file is deleted: a request that
 * finds it gone gets the keys last read for a while (a hand rewrite, rm then write, leaves a moment
 * with no file), and then none (deleting the store is how keys are taken away). Real files in a
 * temporary directory; the clock is the test's own, so that what is checked is the length of that
 * while, not how busy the machine is.
 */
import { mkdtempSync, rmSync } from "node:fs";
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
