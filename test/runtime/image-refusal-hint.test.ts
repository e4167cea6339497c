/**
 * The hint of openRuntime's refusal of an image for a text-only model: with a config file, the
 * `openclaw config set` that puts "image" in the model's entry (last, to copy whole); with a
 * config given as an object there is no file for a command to edit, so it names the place in
 * the config instead. Nothing is sent: the refusal comes before any request.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openRuntime } from "../../src/index.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const config = {
  models: {
    providers: {
      moonshot: {
        baseUrl: "http://127.0.0.1:9/v1",
        models: [{ id: "kimi-k2-turbo-preview", name: "K2 Turbo", input: ["text"] }],
      },
    },
  },
  agents: { defaults: { model: { primary: "moonshot/kimi-k2-turbo-preview" } } },
};

const withImage = {
  messages: [
    {
      role: "user" as const,
      content: [
        { type: "text" as const, text: "what is this" },
        { type: "image_url" as const, image_url: { url: "data:image/png;base64,AAAA" } },
      ],
    },
  ],
};

function stateDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "openclaw-image-hint-"));
  dirs.push(dir);
  return dir;
}

describe("the refusal of an image for a text-only model", () => {
  it("ends with the config set that adds image to the entry in the config file", async () => {
    const dir = stateDir();
    writeFileSync(join(dir, "openclaw.json"), JSON.stringify(config));
    const env = { OPENCLAW_STATE_DIR: dir, HOME: dir, MOONSHOT_API_KEY: "sk-test-moonshot-0001" };
    const { runtime } = openRuntime({ env });
    await expect(runtime.complete({ request: withImage })).rejects.toMatchObject({
      code: "image_not_supported",
      hint: expect.stringMatching(
        /if moonshot\/kimi-k2-turbo-preview takes pictures, add "image" to its input: openclaw config set 'models\.providers\.moonshot\.models\[0\]\.input' '\["text","image"\]'$/,
      ),
    });
  });

  it("names the place in the config for a config given as an object", async () => {
    const dir = stateDir();
    const env = { OPENCLAW_STATE_DIR: dir, HOME: dir, MOONSHOT_API_KEY: "sk-test-moonshot-0001" };
    const { runtime } = openRuntime({ env, config });
    const refused = await runtime.complete({ request: withImage }).then(
      () => undefined,
      (caught: unknown) => caught as { hint?: string },
    );
    expect(refused?.hint).toContain(
      'if moonshot/kimi-k2-turbo-preview takes pictures, add "image" to its "input" in models.providers.moonshot.models (the entry with id "kimi-k2-turbo-preview")',
    );
    expect(refused?.hint).not.toContain("openclaw config set");
  });
});
