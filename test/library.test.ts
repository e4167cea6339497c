import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");

describe("the package as a library", () => {
  it("resolves a model through the published entry point (built dist)", () => {
    const script = `
      import { buildCatalog, loadConfig, resolveModel, openRuntime, createRuntime, defineTool, startGateway } from "openclaw-kimi";
      const catalog = buildCatalog(loadConfig({ path: "${join(root, "test/fixtures/seed/kimi-code.json5")}", env: {} }));
      const model = resolveModel(catalog, "kimi code");
      console.log(JSON.stringify({ ref: model.ref, ua: model.headers["User-Agent"],
        fns: [typeof openRuntime, typeof createRuntime, typeof defineTool, typeof startGateway] }));`;
    const result = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
      cwd: root,
      encoding: "utf8",
    });
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual({
      ref: "kimi-code/kimi-for-coding",
      ua: "KimiCLI/0.77",
      fns: ["function", "function", "function", "function"],
    });
  });
});
