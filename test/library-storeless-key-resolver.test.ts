/**
 * createKeyResolver() given neither agentDir nor store reads no auth profile. A runtime built on
 * it (`createRuntime({ catalog, resolveKey: createKeyResolver() })`), for a provider whose key
 * `openclaw onboard` had stored, said to set that auth profile or run `openclaw onboard`: both
 * done already, and the next run said the same. Its hint now says the resolver reads no profile
 * and how to give it the agent dir, or to use openRuntime(). Nothing here reaches a provider:
 * every run fails for its missing key before a request is made.
 */
import { describe, expect, it } from "vitest";
import {
  agentDir,
  buildCatalog,
  createKeyResolver,
  createRuntime,
  type KeyResolver,
  loadConfigObject,
  ProviderError,
  resolveModel,
  updateAuthStore,
} from "../src/index.js";
import { tempDir } from "./helpers/tmp.js";

/** A state dir whose main agent holds an auth profile for moonshot, as onboard stores it. */
function onboardedStateDir(): string {
  const stateDir = tempDir();
  updateAuthStore(agentDir(stateDir), (store) => ({
    ...store,
    profiles: {
      ...store.profiles,
      "moonshot:default": { type: "api_key", provider: "moonshot", key: "sk-fake-abc-01" },
    },
  }));
  return stateDir;
}

const catalog = () =>
  buildCatalog(
    loadConfigObject(
      { agents: { defaults: { model: { primary: "moonshot/kimi-k2.5" } } } },
      { env: {} },
    ),
  );

/** The hint of the provider.auth error a run on `resolveKey` fails with. */
async function missingKeyHint(resolveKey: KeyResolver): Promise<string> {
  const runtime = createRuntime({ catalog: catalog(), resolveKey, retry: { maxAttempts: 1 } });
  const error = await runtime
    .complete({ request: { messages: [{ role: "user", content: "Hi" }] } })
    .then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
  expect(error).toBeInstanceOf(ProviderError);
  expect((error as ProviderError).code).toBe("provider.auth");
  return (error as ProviderError).hint ?? "";
}

describe("createRuntime on createKeyResolver() without agentDir or store", () => {
  it("says its resolver reads no auth profile, and how to give it the agent dir", async () => {
    onboardedStateDir();
    const hint = await missingKeyHint(createKeyResolver({ env: {} }));
    expect(hint).toContain(
      "; but the resolveKey given to createRuntime, createKeyResolver() without agentDir or store, reads no auth profile: give it the agent dir openclaw onboard stores them in, createKeyResolver({ agentDir: agentDir(resolveStateDir()) }), or use openRuntime(), which reads them",
    );
    expect(hint).not.toContain("openclaw onboard --auth-choice");
  });

  it("given the agent dir, it reads the stored profile, and a missing key's hint is as before", async () => {
    const onboarded = createKeyResolver({ agentDir: agentDir(onboardedStateDir()), env: {} });
    const model = resolveModel(catalog(), "moonshot/kimi-k2.5");
    expect(onboarded(model)?.source).toMatchObject({ kind: "profile" });
    const empty = createKeyResolver({ agentDir: agentDir(tempDir()), env: {} });
    expect(await missingKeyHint(empty)).toContain("or run: openclaw onboard");
  });
});
