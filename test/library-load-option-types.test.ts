/**
 * loadConfig's, loadCatalog's and loadConfigObject's env and path as plain JavaScript may pass
 * them: `env: "production"` was read as an env with no variable set, so the default config
 * (~/.openclaw/openclaw.json) was loaded, whatever OPENCLAW_CONFIG_PATH the process has, without
 * a word; `path: 42` failed inside Node's path module with a TypeError naming `paths[0]`. Each is
 * refused as openRuntime refuses its own: code `usage`, `where` the option.
 */
import { describe, expect, it } from "vitest";
import { loadCatalog, loadConfig, loadConfigObject } from "../src/index.js";
import { refusal } from "./helpers/thrown.js";

describe("the config loaders' env and path", () => {
  it("an env that is no object of variables is refused by each", () => {
    for (const [name, call] of [
      ["loadConfig", () => loadConfig({ env: "production" as never })],
      ["loadCatalog", () => loadCatalog({ env: "production" as never })],
      ["loadConfigObject", () => loadConfigObject({}, { env: "production" as never })],
    ] as const) {
      const error = refusal(call);
      expect(error.code).toBe("usage");
      expect(error.where).toBe("env");
      expect(error.message).toMatch(
        new RegExp(`^${name}'s option env must be an object of environment variables`),
      );
    }
  });

  it("a path that is no text is refused, naming path", () => {
    const error = refusal(() => loadConfig({ path: 42 as never }));
    expect(error.code).toBe("usage");
    expect(error.where).toBe("path");
    expect(error.message).toMatch(/^loadConfig's option path must be the config file's path/);
  });
});
