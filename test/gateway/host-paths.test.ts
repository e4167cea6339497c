/**
 * What a client of a gateway bound beyond loopback reads of the gateway host: the message of an
 * error keeps what is wrong and the line to fix, not the operator's home path or file layout.
 */
import { describe, expect, it } from "vitest";
import { forRemoteClient, withoutHostPaths } from "../../src/gateway/host-paths.js";

const host = { dirs: ["/home/jo/.openclaw", "/home/jo"] };

describe("forRemoteClient", () => {
  it("says a key placeholder's config line as openclaw.json:29 on the gateway host, and where to onboard", () => {
    const message =
      'kimi-code/kimi-for-coding: no usable API key for provider "kimi-code": config models.providers.kimi-code.apiKey is a placeholder from the docs, not a real key (/home/jo/.openclaw/openclaw.json:29) (hint: set one of: auth profile "kimi-code:default", models.providers.kimi-code.apiKey ($KIMICODE_API_KEY); or run: openclaw onboard)';
    expect(forRemoteClient(message, host)).toBe(
      'kimi-code/kimi-for-coding: no usable API key for provider "kimi-code": config models.providers.kimi-code.apiKey is a placeholder from the docs, not a real key (openclaw.json:29 on the gateway host) (hint: set one of: auth profile "kimi-code:default", models.providers.kimi-code.apiKey ($KIMICODE_API_KEY); or run: openclaw onboard on the gateway host)',
    );
  });

  it("says an onboard command with its arguments is for the gateway host", () => {
    expect(
      forRemoteClient("no key (hint: run: openclaw onboard --auth-choice moonshot-api-key)", host),
    ).toBe(
      "no key (hint: run: openclaw onboard --auth-choice moonshot-api-key on the gateway host)",
    );
  });

  it("cuts a path inside a command to …/name, the command as a whole for the gateway host", () => {
    expect(
      forRemoteClient(
        "no key (hint: or run: OPENCLAW_STATE_DIR=/home/jo/.openclaw/gw openclaw onboard; or pass it)",
        host,
      ),
    ).toBe(
      "no key (hint: or run: OPENCLAW_STATE_DIR=…/gw openclaw onboard on the gateway host; or pass it)",
    );
    expect(forRemoteClient("run: OPENCLAW_STATE_DIR='/home/jo/my gw' openclaw onboard", host)).toBe(
      "run: OPENCLAW_STATE_DIR='…/my gw' openclaw onboard on the gateway host",
    );
  });

  it("leaves the model named openclaw and the gateway's routes as they are", () => {
    const message =
      'the default "openclaw" goes to moonshot/kimi-k2.5; use POST /v1/chat/completions';
    expect(forRemoteClient(message, host)).toBe(message);
  });
});

describe("withoutHostPaths", () => {
  it("cuts every path under a host directory to its name, a full stop staying outside", () => {
    expect(
      withoutHostPaths(
        "store /home/jo/.openclaw/agents/main/agent/auth-profiles.json: bad; dir /home/jo/.openclaw.",
        host,
      ),
    ).toBe("store auth-profiles.json on the gateway host: bad; dir .openclaw on the gateway host.");
  });

  it("does not take a sibling directory that only starts with the same name for one under it", () => {
    expect(withoutHostPaths("/home/jo/.openclaw2/x.json", { dirs: ["/home/jo/.openclaw"] })).toBe(
      "/home/jo/.openclaw2/x.json",
    );
  });

  it("ignores / and relative directories, under which every path would be", () => {
    expect(withoutHostPaths("/etc/hosts and ./x", { dirs: ["/", ".", ""] })).toBe(
      "/etc/hosts and ./x",
    );
  });
});
