/**
 * A slip in the provider of a ref (`moonshoot/kimi-k2.5`) gets a `did you mean` as a slip in the
 * model does: the close provider's model of that id when it has one, else the close provider.
 * Before, only "list providers with: openclaw models list --all". The built CLI.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

function cli(args: string[]) {
  const dir = tempDir();
  return runCli(args, { env: { OPENCLAW_STATE_DIR: dir, OPENCLAW_HOME: dir } });
}

describe("a provider typed with a slip", () => {
  it.each([
    [["agent", "--model", "moonshoot/kimi-k2.5", "-m", "hi"]],
    [["models", "set", "moonshoot/kimi-k2.5"]],
  ])("openclaw %j suggests the close provider's model of that id", async (args) => {
    const result = await cli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'error: unknown provider "moonshoot" in "moonshoot/kimi-k2.5" (closest: moonshot/kimi-k2.5)',
    );
    expect(result.stderr).toContain(
      'hint: did you mean "moonshot/kimi-k2.5"? List providers with: openclaw models list --all',
    );
  });

  it("names the close provider when it has no model of that id", async () => {
    const result = await cli(["models", "set", "moonshoot/kimi-nothing", "--json"]);
    expect(result.code).toBe(2);
    const { error } = JSON.parse(result.stdout) as { error: { code: string; hint: string } };
    expect(error.code).toBe("model.unknown_provider");
    expect(error.hint).toBe(
      'did you mean provider "moonshot"? List providers with: openclaw models list --all',
    );
  });

  it("says nothing more for a provider close to none", async () => {
    const result = await cli(["models", "set", "vllmx/qwen3", "--json"]);
    const { error } = JSON.parse(result.stdout) as { error: { hint: string } };
    expect(error.hint).toBe("list providers with: openclaw models list --all");
  });
});
