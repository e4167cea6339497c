/**
 * A base URL as models status, onboarding, the probe's 'could not be read at <url>' and printed
 * errors show it: whatever in it is a credential is masked, read as a URL parser and a server
 * read it, not as the first `@` or the plain spelling of a name would have it.
 */
import { describe, expect, it } from "vitest";
import { maskSecretsInSourceLine } from "../../src/config/source-line.js";
import { displayUrl } from "../../src/util/display-url.js";

describe("displayUrl", () => {
  it("masks a password with an @ in it whole: the host is after the last @", () => {
    // A URL parser reads the password as "p@ss:w@rd" and the host as proxy.example.
    expect(new URL("https://ci:p@ss:w@rd@proxy.example/v1").host).toBe("proxy.example");
    expect(displayUrl("https://ci:p@ss:w@rd@proxy.example/v1")).toBe(
      "https://ci:***@proxy.example/v1",
    );
    // A user name with an @ (an e-mail address) before the password.
    expect(displayUrl("http://me@corp.example:hunter2@proxy:3128")).toBe(
      "http://me@corp.example:***@proxy:3128",
    );
    // An @ in the query is not a login's: a port and a query are left as they are.
    expect(displayUrl("https://me@proxy.example:8443/v1?to=a@b")).toBe(
      "https://***@proxy.example:8443/v1?to=a@b",
    );
  });

  it("masks a user name written alone, often the token itself; an @ after the host is no login", () => {
    expect(displayUrl("https://Tok3nAbCdEf0123@gw.example/v1")).toBe("https://***@gw.example/v1");
    expect(displayUrl("error at http://sk-kimi-abc123def456@127.0.0.1:8443/v1: refused")).toBe(
      "error at http://***@127.0.0.1:8443/v1: refused",
    );
    // To the last @ before the host, as a URL parser reads it.
    expect(new URL("https://me@corp@gw.example/v1").host).toBe("gw.example");
    expect(displayUrl("https://me@corp@gw.example/v1")).toBe("https://***@gw.example/v1");
    // Unchanged: no login, an e-mail address in the path or the query, a variable's name.
    for (const url of [
      "https://gw.example/v1",
      "https://gw.example:8443/v1?x=1",
      "https://gw.example/users/a@b.c/v1",
      "https://gw.example/v1?to=a@b.c",
      "https://${GW_TOKEN}@gw.example/v1",
      "https://@gw.example/v1",
    ])
      expect(displayUrl(url)).toBe(url);
  });

  it("masks a credential named in a query however the name is written", () => {
    for (const [url, shown] of [
      ["https://m.example/v1?API_KEY=Secret01", "https://m.example/v1?API_KEY=***"],
      ["https://m.example/v1?x-api-key=Secret02&a=1", "https://m.example/v1?x-api-key=***&a=1"],
      ["https://m.example/v1?access_token=Secret03", "https://m.example/v1?access_token=***"],
      ["https://m.example/v1?tenant=a&token=Secret04", "https://m.example/v1?tenant=a&token=***"],
      // Percent-encoded names, which a server decodes to api_key and key.
      ["https://m.example/v1?api%5Fkey=Secret05", "https://m.example/v1?api%5Fkey=***"],
      ["https://m.example/v1?%6Bey=Secret06", "https://m.example/v1?%6Bey=***"],
      [
        "https://m.example/v1?Authorization=Bearer%20Secret07",
        "https://m.example/v1?Authorization=***",
      ],
      // In the fragment, where a sign-in page hands a token back.
      ["https://m.example/v1#access_token=Secret08", "https://m.example/v1#access_token=***"],
      ["https://m.example/v1?a=1#key=Secret09", "https://m.example/v1?a=1#key=***"],
      // In a URL inside another parameter's value.
      [
        "https://m.example/v1?next=https://x.example/?key=Secret10&b=2",
        "https://m.example/v1?next=https://x.example/?key=***&b=2",
      ],
    ])
      expect(displayUrl(url as string)).toBe(shown);
    // Names that only end like one stay: monkey is no key.
    expect(displayUrl("https://m.example/v1?monkey=banana&keys=3")).toBe(
      "https://m.example/v1?monkey=banana&keys=3",
    );
  });

  it("a long run of nested query parameters (a provider's odd error body) is shown, not a stack overflow", () => {
    // 5,000 `?a=` in a row, 15 KB: each value holds the next parameter.
    const body = `https://m.example/v1?${"a=b?".repeat(5000)}key=Secret11 and more`;
    expect(displayUrl(body)).toBe(`https://m.example/v1?${"a=b?".repeat(5000)}key=*** and more`);
    const plain = "a=?".repeat(5000);
    expect(displayUrl(plain)).toBe(plain);
  });

  it("a config line an error quotes stars a password with an @ out to its end, the caret's column kept", () => {
    const line = '  baseUrl: "https://ci:p@ss@proxy.example/v1",';
    const masked = maskSecretsInSourceLine(line);
    expect(masked).toBe('  baseUrl: "https://ci:****@proxy.example/v1",');
    expect(masked.length).toBe(line.length);
  });

  it("a config line an error quotes stars a user name written alone, the caret's column kept", () => {
    const line = '  baseUrl: "https://Tok3nAbCdEf@gw.example/users/a@b.c",';
    const masked = maskSecretsInSourceLine(line);
    expect(masked).toBe(
      `  baseUrl: "https://${"*".repeat("Tok3nAbCdEf".length)}@gw.example/users/a@b.c",`,
    );
    expect(masked.length).toBe(line.length);
  });
});
