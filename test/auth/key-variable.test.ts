/**
 * Which key sources are an environment variable's value whole: the variable the gateway's
 * platform verdict speaks of. Pure.
 */
import { describe, expect, it } from "vitest";
import {
  keyVariableOf,
  ownKeyNeededWords,
  ownKeyRefusedWords,
} from "../../src/auth/key-variable.js";

const config = (template: string) => ({
  kind: "config" as const,
  path: "models.providers.kimi-cn.apiKey",
  template,
  variables: [],
});

describe("the variable a key source reads", () => {
  it("is an env source's, and a config apiKey's that is one ${VAR} alone", () => {
    expect(keyVariableOf({ kind: "env", variable: "MOONSHOT_API_KEY" })).toBe("MOONSHOT_API_KEY");
    expect(keyVariableOf(config("${MOONSHOT_API_KEY}"))).toBe("MOONSHOT_API_KEY");
    expect(keyVariableOf(config(" ${KIMICODE_API_KEY}\n"))).toBe("KIMICODE_API_KEY");
  });

  it("is none for a template with more in it, an escaped one, a written key or a profile", () => {
    expect(keyVariableOf(config("sk-${MOONSHOT_API_KEY}"))).toBeUndefined();
    expect(keyVariableOf(config("${A}${B}"))).toBeUndefined();
    expect(keyVariableOf(config("$${MOONSHOT_API_KEY}"))).toBeUndefined();
    expect(keyVariableOf(config("sk-test-written-0001"))).toBeUndefined();
    expect(keyVariableOf({ kind: "profile", profileId: "moonshot:default" })).toBeUndefined();
  });
});

/** The relay both verdicts below speak of, refusing with a 401. */
const relay = { provider: "my-relay", baseUrl: "https://llm.example.com:8443/v1", status: 401 };

/** A key read from `variable` in the environment, no apiKey setting naming it. */
const fromEnvironment = (variable: string) => ({ variable, fingerprint: "f" });

/** A key read from `variable` through my-relay's apiKey, at `at` (file:line) when known. */
const throughRelayApiKey = (variable: string, at?: string) => ({
  variable,
  fingerprint: "f",
  apiKey: { path: "models.providers.my-relay.apiKey", at },
});

describe("a provider at another host refusing a key another provider accepts", () => {
  it("read from the environment: names the variable and the setting to give it a key of its own", () => {
    expect(
      ownKeyNeededWords(fromEnvironment("MOONSHOT_API_KEY"), relay, "its", "moonshot"),
    ).toEqual({
      lead: "my-relay (llm.example.com:8443) refused MOONSHOT_API_KEY (401), read from the environment: the key moonshot accepts is not one my-relay takes",
      hint: 'my-relay needs a key of its own: set models.providers.my-relay.apiKey to a variable holding a key made for llm.example.com:8443, such as "${MY_RELAY_API_KEY}"; then check it with: openclaw models status --probe',
    });
  });

  it("read through an apiKey of no known line: names its dotted path", () => {
    const words = ownKeyNeededWords(
      throughRelayApiKey("MOONSHOT_API_KEY"),
      relay,
      "my-relay's",
      "moonshot",
    );
    expect(words.lead).toContain(
      'read through my-relay\'s apiKey "${MOONSHOT_API_KEY}" (models.providers.my-relay.apiKey):',
    );
    expect(words.hint).toContain(
      'set models.providers.my-relay.apiKey to a variable holding a key made for llm.example.com:8443, such as "${MY_RELAY_API_KEY}", in place of ${MOONSHOT_API_KEY};',
    );
  });
});

describe("a provider at another host refusing the key of a variable no provider accepts", () => {
  it("read through its apiKey: names the variable, the setting at its file:line, what to set", () => {
    const key = throughRelayApiKey("MY_RELAY_API_KEY", "/home/me/openclaw.json:9");
    expect(ownKeyRefusedWords(key, relay, "its")).toEqual({
      lead: 'my-relay (llm.example.com:8443) refused MY_RELAY_API_KEY (401), read through its apiKey "${MY_RELAY_API_KEY}" at /home/me/openclaw.json:9: the key MY_RELAY_API_KEY holds is not one my-relay takes',
      hint: "put a key made for llm.example.com:8443 in MY_RELAY_API_KEY, or set models.providers.my-relay.apiKey (/home/me/openclaw.json:9) to another variable holding one, in place of ${MY_RELAY_API_KEY}; then check it with: openclaw models status --probe",
    });
  });

  it("read from the environment: names the variable and the setting, no place", () => {
    expect(ownKeyRefusedWords(fromEnvironment("MY_RELAY_API_KEY"), relay, "its")).toEqual({
      lead: "my-relay (llm.example.com:8443) refused MY_RELAY_API_KEY (401), read from the environment: the key MY_RELAY_API_KEY holds is not one my-relay takes",
      hint: "put a key made for llm.example.com:8443 in MY_RELAY_API_KEY, or set models.providers.my-relay.apiKey to another variable holding one; then check it with: openclaw models status --probe",
    });
  });

  it("of a variable another provider reads too: offers a variable of its own only", () => {
    const key = throughRelayApiKey("MOONSHOT_API_KEY", "/home/me/openclaw.json:9");
    expect(ownKeyRefusedWords(key, relay, "its", ["moonshot", "moonshot-cn"])).toEqual({
      lead: 'my-relay (llm.example.com:8443) refused MOONSHOT_API_KEY (401), read through its apiKey "${MOONSHOT_API_KEY}" at /home/me/openclaw.json:9: the key MOONSHOT_API_KEY holds is not one my-relay takes',
      hint: 'MOONSHOT_API_KEY is read by moonshot, moonshot-cn too, so my-relay needs a key of its own: set models.providers.my-relay.apiKey (/home/me/openclaw.json:9) to a variable holding a key made for llm.example.com:8443, such as "${MY_RELAY_API_KEY}", in place of ${MOONSHOT_API_KEY}; then check it with: openclaw models status --probe',
    });
  });

  it("refused with a 403: says 403", () => {
    const words = ownKeyRefusedWords(
      fromEnvironment("MY_RELAY_API_KEY"),
      { ...relay, status: 403 },
      "its",
    );
    expect(words.lead).toContain("refused MY_RELAY_API_KEY (403), read from the environment");
  });
});
