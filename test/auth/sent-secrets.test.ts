import { describe, expect, it } from "vitest";
import { redactSecrets, sentSecrets } from "../../src/auth/index.js";

describe("sentSecrets", () => {
  it("names credential headers and key-shaped values, not a User-Agent or a version", () => {
    const secrets = sentSecrets(
      {
        baseUrl: "https://proxy.example/v1",
        headers: {
          "User-Agent": "KimiCLI/1.0",
          "anthropic-version": "2023-06-01",
          Authorization: "Basic Z3c6aHVudGVyMmh1bnRlcjI=",
          "x-trace": "run9f8e7d6c5b4a3f2e1d0c9b8a7f6",
        },
      },
      "sk-apikey0000000000000001",
    );
    expect(secrets).toEqual([
      "sk-apikey0000000000000001",
      "Basic Z3c6aHVudGVyMmh1bnRlcjI=",
      "Z3c6aHVudGVyMmh1bnRlcjI=",
      "run9f8e7d6c5b4a3f2e1d0c9b8a7f6",
    ]);
  });

  it("names a base URL's password and a key in its query", () => {
    const secrets = sentSecrets({
      baseUrl:
        "https://gw:hunter2hunter2@proxy.example/v1?key=AIzaSyD4f8s9d8f7s6d5f4s3d2f1a0b9c8d7e6f&region=eu",
    });
    expect(secrets).toContain("hunter2hunter2");
    expect(secrets).toContain("AIzaSyD4f8s9d8f7s6d5f4s3d2f1a0b9c8d7e6f");
    expect(secrets).not.toContain("eu");
    // The login as it is sent when no key is: Authorization: Basic <base64 of gw:hunter2hunter2>.
    expect(secrets).toContain("Z3c6aHVudGVyMmh1bnRlcjI=");
    expect(
      redactSecrets(
        "echo Basic Z3c6aHVudGVyMmh1bnRlcjI=",
        sentSecrets({ baseUrl: "x", headers: { authorization: "Basic Z3c6aHVudGVyMmh1bnRlcjI=" } }),
      ),
    ).toBe("echo …cjI=");
  });

  it("takes a password with a stray % as written, instead of failing on it", () => {
    expect(sentSecrets({ baseUrl: "https://gw:pass%zzword@proxy.example/v1" })).toEqual([
      "pass%zzword",
      "pass%zzword",
      "Z3c6cGFzcyV6endvcmQ=",
    ]);
  });
});
