/**
 * createRuntime's public options do not take the library's own missing-key wording
 * (`missingKeyAdvice`, which ea0364c added for openRuntime and startGateway): its contract was a
 * phrase spliced after `; ` inside the library's hint, the library's to reword. A program passing
 * it is told it is not an option, as for any other name; openRuntime's hint is unchanged.
 */
import { describe, expect, it } from "vitest";
import { createRuntime, isOpenClawError, openRuntime, resolveModel } from "../src/index.js";

const config = { models: { providers: { moonshot: { baseUrl: "http://127.0.0.1:9/v1" } } } };
const ask = {
  model: "moonshot/kimi-k2.5",
  request: { messages: [{ role: "user" as const, content: "Hi" }] },
};

describe("createRuntime's options", () => {
  it("refuse missingKeyAdvice, a wording of the library's own", () => {
    const { catalog } = openRuntime({ config, env: {} });
    const options = {
      catalog,
      resolveChain: (ref: string | undefined) => [
        resolveModel(catalog, ref ?? "moonshot/kimi-k2.5"),
      ],
      resolveKey: () => undefined,
      missingKeyAdvice: () => "or ask the admin",
    };
    expect(() => createRuntime(options)).toThrow(/missingKeyAdvice/);
  });

  it("leave openRuntime({ config })'s missing-key hint naming the object's apiKey", async () => {
    const error = await openRuntime({ config, env: {} })
      .runtime.complete(ask)
      .catch((thrown: unknown) => thrown);
    expect(isOpenClawError(error) && error.code).toBe("provider.auth");
    expect(isOpenClawError(error) ? error.hint : "").toContain(
      "or pass the key in the config object openRuntime is given (models.providers.moonshot.apiKey), or MOONSHOT_API_KEY in the env openRuntime is given",
    );
  });
});
