/**
 * A key a program's own `resolveKey` returned (startGateway's, createRuntime's), refused by the
 * provider. Before, the hint named the source the program gave as a place openclaw reads: `put
 * the right key in $VAULT_KEY (read when openclaw starts)`, `put the right key in auth profile
 * "moonshot:default"; the next request uses it at once`, though nothing of openclaw's read
 * either. Now it says the key came from that function, with the source it gave, and to have it
 * return the right key; the refusals after it name the function too. The library's own lookup
 * (createKeyResolver) keeps its words. Real gateway and simulator, over sockets.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  createKeyResolver,
  createRuntime,
  isOpenClawError,
  type KeyResolver,
  type KeySource,
  startGateway,
  toResolvedKey,
} from "../src/index.js";
import { withSimulator } from "./helpers/file-simulator.js";
import { askGateway as ask } from "./helpers/gateway-chat.js";
import { keylessCatalog, keylessGatewayConfig } from "./helpers/keyless-moonshot.js";
import { tempDir } from "./helpers/tmp.js";
import type { Simulator } from "./simulator/index.js";

let sim: Simulator;
withSimulator((started) => {
  sim = started;
});

const WRONG_KEY = "sk-test-moonshot-ai-9999";
const VAULT: KeySource = { kind: "env", variable: "VAULT_KEY" };
const PROFILE: KeySource = { kind: "profile", profileId: "moonshot:default" };
const CONFIG = () => keylessGatewayConfig(sim);

function wrongKeyFrom(source: KeySource): KeyResolver {
  return (model) => (model.provider === "moonshot" ? toResolvedKey(WRONG_KEY, source) : undefined);
}

describe("startGateway: a key its own resolveKey returned, refused", () => {
  const cases = [
    { name: "config object, env source", source: VAULT, place: "$VAULT_KEY", file: false },
    { name: "config file, env source", source: VAULT, place: "$VAULT_KEY", file: true },
    {
      name: "config object, profile source",
      source: PROFILE,
      place: 'auth profile "moonshot:default"',
      file: false,
    },
  ];
  for (const { name, source, place, file } of cases) {
    it(`${name}: the hint says the key came from that function`, async () => {
      const dir = tempDir("ckref-");
      const configPath = join(dir, "openclaw.json");
      if (file) writeFileSync(configPath, JSON.stringify(CONFIG()));
      const gateway = await startGateway({
        port: 0,
        watch: false,
        env: {
          OPENCLAW_STATE_DIR: dir,
          HOME: dir,
          ...(file ? { OPENCLAW_CONFIG_PATH: configPath } : {}),
        },
        ...(file ? {} : { config: CONFIG() }),
        resolveKey: wrongKeyFrom(source),
        log: () => {},
      });
      try {
        const refused = await ask(gateway);
        expect(refused.status).toBe(502);
        expect(refused.message).toContain(
          `the key came from the resolveKey function given to startGateway (its source: ${place}): have that function return the right key for moonshot; the gateway asks it again a second after its last answer`,
        );
        expect(refused.message).not.toContain("put the right key in");
        expect(refused.message).not.toContain("read when openclaw starts");
        const skipped = await ask(gateway);
        expect(skipped.message).toContain(
          `refused its API key from the resolveKey function given to startGateway (its source: ${place}) on an earlier request`,
        );
        expect(skipped.message).not.toContain("put the right key in");
      } finally {
        await gateway.close();
      }
    });
  }
});

describe("createRuntime: a key its resolveKey returned, refused", () => {
  const catalog = () => keylessCatalog(sim);
  const request = {
    model: "moonshot/kimi-k2.5",
    request: { messages: [{ role: "user" as const, content: "Hi" }] },
  };
  async function refusals(resolveKey: KeyResolver) {
    const runtime = createRuntime({ catalog: catalog(), resolveKey });
    const failures: { message: string; hint: string }[] = [];
    for (let run = 0; run < 2; run++) {
      const failed = await runtime.complete(request).then(
        () => undefined,
        (error: unknown) => error,
      );
      if (!isOpenClawError(failed)) throw new Error(`run ${run} was not refused`);
      expect(failed.code).toBe("provider.auth");
      failures.push({ message: failed.message, hint: failed.hint ?? "" });
    }
    return failures;
  }

  it("the program's own: the hint says the key came from that function", async () => {
    const [first, second] = await refusals(wrongKeyFrom(VAULT));
    expect(first?.hint).toBe(
      "the key came from the resolveKey function given to createRuntime (its source: $VAULT_KEY): have that function return the right key for moonshot; the next run asks it again",
    );
    expect(second?.message).toContain(
      "refused its API key from the resolveKey function given to createRuntime (its source: $VAULT_KEY) on an earlier request",
    );
  });

  it("createKeyResolver's (the library's own): the place it read the key from, as before", async () => {
    const [first] = await refusals(
      createKeyResolver({ env: { MOONSHOT_API_KEY: WRONG_KEY }, agentDir: tempDir("ckref-a-") }),
    );
    expect(first?.hint).toContain("put the right key in $MOONSHOT_API_KEY");
    expect(first?.hint).not.toContain("resolveKey function");
  });
});
