/**
 * An error thrown by another installed copy of the package (an app's and a plugin's) reaches the
 * gateway's error mapping as an instance of that copy's class. Its subclasses (ConfigError,
 * ModelRefError) were told apart from a bug only by `name === "OpenClawError"`, so a model the
 * client got wrong came back as a 500 "internal gateway error". Node loads the built errors
 * module a second time under another URL, as a second installed copy would be.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const httpError = pathToFileURL(join(import.meta.dirname, "../../dist/gateway/http-error.js")).href;
const errors = pathToFileURL(join(import.meta.dirname, "../../dist/errors.js")).href;

const program = `
const { toHttpError } = await import(${JSON.stringify(httpError)});
const other = await import(${JSON.stringify(`${errors}?copy=2`)});
class ModelRefError extends other.OpenClawError {
  constructor(message) {
    super("model.unknown", message, { hint: "openclaw models list shows the ones there are" });
    this.name = "ModelRefError";
  }
}
class ConfigError extends other.OpenClawError {
  constructor(message) {
    super("config.invalid", message, { where: "openclaw.json:3" });
    this.name = "ConfigError";
  }
}
const shown = (error) => {
  const mapped = toHttpError(error);
  return { status: mapped.status, body: JSON.parse(mapped.body()) };
};
console.log(JSON.stringify({
  model: shown(new ModelRefError('unknown model "kimi-k9"')),
  config: shown(new ConfigError("models.providers.x.baseUrl is not a URL")),
  plain: shown(Object.assign(new Error("boom"), { code: "config.invalid" })),
}));
`;

describe("errors from another installed copy of the package, as the gateway answers them", () => {
  it("keep the status, code and hint their kind has, and a plain error stays a 500", async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--input-type=module", "-e", program],
      { timeout: 30_000 },
    );
    expect(JSON.parse(stdout)).toEqual({
      model: {
        status: 404,
        body: {
          error: {
            message:
              'unknown model "kimi-k9" (hint: openclaw models list shows the ones there are)',
            type: "invalid_request_error",
            param: "model",
            code: "model_not_found",
          },
        },
      },
      config: {
        status: 503,
        body: {
          error: {
            message: "models.providers.x.baseUrl is not a URL",
            type: "server_error",
            param: null,
            code: "config.invalid",
          },
        },
      },
      plain: {
        status: 500,
        body: {
          error: {
            message: "internal gateway error",
            type: "server_error",
            param: null,
            code: "internal_error",
          },
        },
      },
    });
  });
});
