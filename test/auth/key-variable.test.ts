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

describe("a provider at another host refusing a key another provider accepts", () => {
  const relay = { provider: "my-relay", baseUrl: "https://llm.example.com:8443/v1", status: 401 };

  it("read from the environment: names the variable and the setting to give it a key of its own", () => {
    const words = ownKeyNeededWords(
      { variable: "MOONSHOT_API_KEY", fingerprint: "f" },
      relay,
      "its",
      "moonshot",
    );
    expect(words.lead).toBe(
      "my-relay (llm.example.com:8443) refused MOONSHOT_API_KEY (401), read from the environment: the key moonshot accepts is not one my-relay takes",
    );
    expect(words.hint).toBe(
      'my-relay needs a key of its own: set models.providers.my-relay.apiKey to a variable holding a key made for llm.example.com:8443, such as "${MY_RELAY_API_KEY}"; then check it with: openclaw models status --probe',
    );
  });

  it("read through an apiKey of no known line: names its dotted path", () => {
    const words = ownKeyNeededWords(
      {
        variable: "MOONSHOT_API_KEY",
        fingerprint: "f",
        apiKey: { path: "models.providers.my-relay.apiKey", at: undefined },
      },
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
  const relay = { provider: "my-relay", baseUrl: "https://llm.example.com:8443/v1", status: 401 };

  it("read through its apiKey: names the variable, the setting at its file:line, what to set", () => {
    const words = ownKeyRefusedWords(
      {
        variable: "MY_RELAY_API_KEY",
        fingerprint: "f",
        apiKey: { path: "models.providers.my-relay.apiKey", at: "/home/me/openclaw.json:9" },
      },
      relay,
      "its",
    );
    expect(words.lead).toBe(
      'my-relay (llm.example.com:8443) refused MY_RELAY_API_KEY (401), read through its apiKey "${MY_RELAY_API_KEY}" at /home/me/openclaw.json:9: the key MY_RELAY_API_KEY holds is not one my-relay takes',
    );
    expect(words.hint).toBe(
      "put a key made for llm.example.com:8443 in MY_RELAY_API_KEY, or set models.providers.my-relay.apiKey (/home/me/openclaw.json:9) to another variable holding one, in place of ${MY_RELAY_API_KEY}; then check it with: openclaw models status --probe",
    );
  });

  it("read from the environment: names the variable and the setting, no place", () => {
    const words = ownKeyRefusedWords(
      { variable: "MY_RELAY_API_KEY", fingerprint: "f" },
      relay,
      "its",
    );
    expect(words.lead).toBe(
      "my-relay (llm.example.com:8443) refused MY_RELAY_API_KEY (401), read from the environment: the key MY_RELAY_API_KEY holds is not one my-relay takes",
    );
    expect(words.hint).toBe(
      "put a key made for llm.example.com:8443 in MY_RELAY_API_KEY, or set models.providers.my-relay.apiKey to another variable holding one; then check it with: openclaw models status --probe",
    );
  });

  it("of a variable another provider reads too: offers a variable of its own only", () => {
    const words = ownKeyRefusedWords(
      {
        variable: "MOONSHOT_API_KEY",
        fingerprint: "f",
        apiKey: { path: "models.providers.my-relay.apiKey", at: "/home/me/openclaw.json:9" },
      },
      relay,
      "its",
      ["moonshot", "moonshot-cn"],
    );
    expect(words.lead).toBe(
      'my-relay (llm.example.com:8443) refused MOONSHOT_API_KEY (401), read through its apiKey "${MOONSHOT_API_KEY}" at /home/me/openclaw.json:9: the key MOONSHOT_API_KEY holds is not one my-relay takes',
    );
    expect(words.hint).toBe(
      'MOONSHOT_API_KEY is read by moonshot, moonshot-cn too, so my-relay needs a key of its own: set models.providers.my-relay.apiKey (/home/me/openclaw.json:9) to a variable holding a key made for llm.example.com:8443, such as "${MY_RELAY_API_KEY}", in place of ${MOONSHOT_API_KEY}; then check it with: openclaw models status --probe',
    );
  });

  it("refused with a 403: says 403", () => {
    const words = ownKeyRefusedWords(
      { variable: "MY_RELAY_API_KEY", fingerprint: "f" },
      { ...relay, status: 403 },
      "its",
    );
    expect(words.lead).toContain("refused MY_RELAY_API_KEY (403), read from the environment");
  });
});
