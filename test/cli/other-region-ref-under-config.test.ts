/**
 * A key a built-in Moonshot region refused while the other region could not be asked: the hint's
 * "if the key comes from platform.moonshot.ai, use <ref> instead" names a ref that reaches that
 * platform under the config in force. Onboarding China's choice moves `moonshot` to
 * api.moonshot.cn; there `use moonshot/kimi-k2.5 instead` sent the same key back to China, to be
 * refused again. Real sockets: the region simulators, reached by their public host names through
 * a loopback forward proxy (the hint's region is read from the host); the other region's key
 * check goes to a closed port, so it says nothing.
 */
import { writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ForwardProxy, startForwardProxy } from "../helpers/forward-proxy.js";
import { closedPort } from "../helpers/net.js";
import { regionSimulators } from "../helpers/region-simulators.js";
import { freshState, type StateDir } from "../onboard/harness.js";

const regions = regionSimulators();
let proxy: ForwardProxy;
let unchecked: number;
beforeAll(async () => {
  proxy = await startForwardProxy();
  unchecked = await closedPort();
});
afterAll(async () => {
  await proxy.close();
});

/** The region simulators by the public host names, which the forward proxy sends to loopback. */
const chinaUrl = () => `http://api.moonshot.cn:${regions.cn.port}/v1`;
const internationalUrl = () => `http://api.moonshot.ai:${regions.ai.port}/v1`;

/** `moonshot` and `moonshot-cn` where the test says; the international key check unanswered. */
function stateWith(moonshotAt: string): StateDir {
  const state = freshState({
    HTTP_PROXY: proxy.url,
    OPENCLAW_MOONSHOT_CN_BASE_URL: chinaUrl(),
    OPENCLAW_MOONSHOT_AI_BASE_URL: `http://api.moonshot.ai:${unchecked}/v1`,
    MOONSHOT_API_KEY: regions.ai.keys.moonshot,
  });
  const providers = { moonshot: { baseUrl: moonshotAt }, "moonshot-cn": { baseUrl: chinaUrl() } };
  writeFileSync(state.configPath, JSON.stringify({ models: { providers } }));
  return state;
}

async function refusedHint(state: StateDir, ref: string): Promise<string> {
  const result = await state.run(["agent", "--model", ref, "-m", "hi", "--json"]);
  expect(result.code).toBe(1);
  expect(result.stdout).not.toContain(regions.ai.keys.moonshot);
  const { error } = JSON.parse(result.stdout) as { error: { code: string; hint: string } };
  expect(error.code).toBe("provider.auth");
  return error.hint;
}

describe("a key moonshot-cn refused, the international platform not asked", () => {
  it("with moonshot moved to China (its onboarding's baseUrl): no ref is named that goes to China again", async () => {
    const state = stateWith(chinaUrl());
    const hint = await refusedHint(state, "moonshot-cn/kimi-k2.5");
    // Before: "…; if the key comes from platform.moonshot.ai, use moonshot/kimi-k2.5 instead; …",
    // and moonshot/kimi-k2.5 sent the key to the China simulator, which refused it again.
    // Nor that moonshot "already has a key" there: it reads the same refused MOONSHOT_API_KEY.
    expect(hint).not.toContain("use moonshot/kimi-k2.5 instead");
    expect(hint).not.toContain("already has a key");
    expect(hint).toContain(
      `under this config no built-in provider sends keys to the international platform (provider moonshot sends its requests to ${chinaUrl()}), so moonshot-cn needs a key from platform.moonshot.cn: put the right key in $MOONSHOT_API_KEY`,
    );
    const again = await state.run(["agent", "--model", "moonshot/kimi-k2.5", "-m", "hi"]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("rejected the API key");
  });

  it("with moonshot at the international platform: moonshot/kimi-k2.5 is named, and answers", async () => {
    const state = stateWith(internationalUrl());
    const hint = await refusedHint(state, "moonshot-cn/kimi-k2.5");
    expect(hint).toContain(
      "if the key comes from platform.moonshot.ai, use moonshot/kimi-k2.5 instead; otherwise put the right key in $MOONSHOT_API_KEY",
    );
    const ref = /use (\S+) instead/.exec(hint)?.[1] ?? "";
    const followed = await state.run(["agent", "--model", ref, "-m", "hi"]);
    expect(followed.stdout).toBe("Echo: hi\n");
    expect(followed.code).toBe(0);
  });
});
