/**
 * The commands `npm run simulator` prints work as printed: pasted into a shell (here: their
 * variables and arguments taken as a shell would), they onboard both providers against the
 * simulator and get an answer.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";
import { type Simulator, startSimulator } from "./index.js";
import { banner, tryItLines } from "./try-it.js";

/** Words of a command line, with double-quoted ones kept whole (all the printed lines need). */
function words(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((match) => match[1] ?? match[2] ?? "");
}

async function followTryIt(sim: Simulator): Promise<string[]> {
  const env: Record<string, string> = {};
  const outputs: string[] = [];
  for (const line of tryItLines(sim)) {
    const command = line.replace(/\s+#.*$/, "");
    const [first, ...rest] = words(command);
    if (first === "export") {
      for (const assignment of rest.filter((word) => word.includes("="))) {
        const [name, value = ""] = assignment.split("=", 2) as [string, string?];
        env[name] = value === "$(mktemp" ? tempDir() : value;
      }
      continue;
    }
    expect(first).toBe("openclaw");
    const result = await runCli(rest, { env });
    expect({ line, code: result.code, stderr: result.stderr }).toMatchObject({ code: 0 });
    outputs.push(result.stdout);
  }
  return outputs;
}

describe("npm run simulator's try-it lines", () => {
  let ai: Simulator;
  let cn: Simulator;
  beforeAll(async () => {
    ai = await startSimulator();
    cn = await startSimulator({ region: "cn" });
  });
  afterAll(async () => {
    await ai?.close();
    await cn?.close();
  });

  it("onboard Moonshot and Kimi Code and get an answer, as printed", async () => {
    const outputs = await followTryIt(ai);
    expect(outputs[0]).toContain("the key works on Moonshot international");
    expect(outputs[1]).toContain("the key works on Kimi Code");
    expect(outputs[2]?.length).toBeGreaterThan(0);
    expect(banner(ai, true)).toContain(`key ${ai.keys.moonshot}`);
  });

  it("use the China region's variable and auth choice for a cn simulator", async () => {
    expect(tryItLines(cn)[0]).toContain("OPENCLAW_MOONSHOT_CN_BASE_URL=");
    const outputs = await followTryIt(cn);
    expect(outputs[0]).toContain("the key works on Moonshot China");
  });
});
