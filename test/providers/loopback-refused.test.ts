/**
 * A refused connection is told as "nothing is listening" only on this machine, where no proxy
 * stands between (loopback is always reached directly); elsewhere the network and any proxy stay
 * the things to check.
 */
import { describe, expect, it } from "vitest";
import {
  connectFailureHint,
  loopbackRefusedHint,
  loopbackRefusedHintForUrl,
} from "../../src/providers/connect-failure.js";
import { proxyForUrl, proxySettingsFromEnv } from "../../src/providers/proxy.js";

const SETTING = "models.providers.local.baseUrl (openclaw.json:4)";

describe("a refused connection on loopback", () => {
  it("names the host and port nothing listens on, and the setting to fix", () => {
    for (const host of ["127.0.0.1:18817", "localhost:18818", "[::1]:18819"])
      expect(connectFailureHint("ECONNREFUSED", host, SETTING)).toBe(
        `nothing is listening on ${host} (connection refused): start the server there, or fix ${SETTING}`,
      );
    expect(loopbackRefusedHintForUrl("ECONNREFUSED", "http://[::1]:18819/v1", SETTING)).toContain(
      "nothing is listening on [::1]:18819",
    );
  });

  it("is not said of another host, nor of another failure on loopback", () => {
    expect(connectFailureHint("ECONNREFUSED", "api.example.com", SETTING)).toBeUndefined();
    expect(loopbackRefusedHint("ECONNREFUSED", "10.0.0.5:8000", SETTING)).toBeUndefined();
    expect(loopbackRefusedHint("ECONNRESET", "127.0.0.1:18817", SETTING)).toBeUndefined();
    expect(loopbackRefusedHintForUrl(undefined, "http://127.0.0.1:18817/v1", SETTING)).toBe(
      undefined,
    );
  });

  it("loopback goes direct whatever the proxy variables say, so no proxy can have refused", () => {
    const settings = proxySettingsFromEnv({
      HTTPS_PROXY: "http://proxy.example:3128",
      HTTP_PROXY: "http://proxy.example:3128",
      ALL_PROXY: "http://proxy.example:3128",
    });
    for (const url of [
      "http://127.0.0.1:18817/v1",
      "https://localhost:18818",
      "http://[::1]:18819",
    ])
      expect(proxyForUrl(settings, url)).toBeUndefined();
    expect(proxyForUrl(settings, "http://10.0.0.5:8000/v1")?.display).toBe(
      "http://proxy.example:3128",
    );
  });
});
