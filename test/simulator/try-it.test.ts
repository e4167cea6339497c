/**
 * The commands `npm run simulator` prints work as printed: pasted into a shell (here: their
 * variables and arguments taken as a shell would), they onboard both providers against the
 * simulator and get an answer.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { onboardWithKey } from "../helpers/onboard-args.js";
import { tempDir } from "../helpers/tmp.js";
import { SIM_KEYS, type Simulator, startSimulator } from "./index.js";
import { banner, handRunPlan, listenFailure, tryItLines } from "./try-it.js";

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

  it("point the other Moonshot region at the simulator too, behaving as that region", async () => {
    // The person started one simulator and applied its exports, then onboarded the other region
    // (`--auth-choice moonshot-api-key-cn` beside an "ai" simulator): that must reach it too, and
    // behave as the China platform does: its own key works there, its balance is in CNY (as
    // api.moonshot.cn bills), and the international key is refused there, as api.moonshot.cn
    // refuses it. With both regions at one /v1, the international key "worked on Moonshot China"
    // with a balance in ¥, and `models status --probe` then showed the same balance in $.
    for (const name of [
      "OPENCLAW_MOONSHOT_AI_BASE_URL",
      "OPENCLAW_MOONSHOT_CN_BASE_URL",
      "OPENCLAW_KIMI_CODE_BASE_URL",
    ]) {
      expect(tryItLines(ai)[0]).toContain(`${name}=`);
    }
    const exported = (state: string): Record<string, string> => {
      const env: Record<string, string> = { OPENCLAW_STATE_DIR: state };
      for (const assignment of words(tryItLines(ai)[0] ?? "").slice(1)) {
        const [name, value = ""] = assignment.split("=", 2) as [string, string?];
        env[name] = value;
      }
      return env;
    };
    const env = exported(tempDir());
    const own = await runCli(onboardWithKey("moonshot-api-key-cn", ai.keys.otherRegion), { env });
    expect(own.code).toBe(0);
    expect(own.stdout).toContain(`the key works on Moonshot China at ${ai.otherRegionBaseUrl} (`);
    expect(own.stdout).toContain("balance: ¥49.50");
    expect(own.stdout).toContain(
      `Provider:   moonshot (${ai.otherRegionBaseUrl}, from OPENCLAW_MOONSHOT_CN_BASE_URL)`,
    );
    const status = await runCli(["models", "status", "--probe"], { env });
    expect(status.stdout).toContain("balance: ¥49.50");
    expect(status.stdout).not.toContain("balance: $");

    const international = await runCli(onboardWithKey("moonshot-api-key-cn", ai.keys.moonshot), {
      env: exported(tempDir()),
    });
    expect(international.code).not.toBe(0);
    expect(international.stdout).not.toContain("¥");
    expect(international.stderr).toContain("401");
    expect(international.stderr).toContain("--auth-choice moonshot-api-key");
    expect(international.stderr).not.toContain("could not reach");
  });
});

/** The ids `GET /models` lists on the simulator's Moonshot or Kimi Code endpoint, sorted. */
async function servedIds(sim: Simulator, endpoint: "moonshot" | "kimi code"): Promise<string[]> {
  const kimi = endpoint === "kimi code";
  const res = await fetch(`${kimi ? sim.kimiCodeBaseUrl : sim.moonshotBaseUrl}/models`, {
    headers: {
      authorization: `Bearer ${kimi ? sim.keys.kimiCode : sim.keys.moonshot}`,
      ...(kimi ? { "user-agent": "KimiCLI/0.77" } : {}),
    },
  });
  return ((await res.json()) as { data: { id: string }[] }).data.map((model) => model.id).sort();
}

describe("the README's paragraph on the simulator (No key yet?)", () => {
  const readme = readFileSync(join(import.meta.dirname, "../../README.md"), "utf8").replace(
    /\s+/g,
    " ",
  );
  /** The `ids` of the README's parenthesis after `lead`, with whose endpoint names each. */
  function named(lead: string): { moonshot: string[]; kimiCode: string[] } {
    const at = readme.indexOf(lead);
    expect(at, `the README no longer says "${lead}"`).toBeGreaterThan(-1);
    const list = /\(([^)]*)\)/.exec(readme.slice(at + lead.length))?.[1] ?? "";
    const moonshot: string[] = [];
    const kimiCode: string[] = [];
    for (const part of list.split(/,\s*/)) {
      const id = /`([^`]+)`/.exec(part)?.[1];
      if (id !== undefined) (part.startsWith("Kimi Code's") ? kimiCode : moonshot).push(id);
    }
    return { moonshot: moonshot.sort(), kimiCode: kimiCode.sort() };
  }

  it("names the ids it serves, on the Moonshot and the Kimi Code endpoint", async () => {
    const sim = await startSimulator();
    try {
      const { moonshot, kimiCode } = named("It serves the models the API serves today");
      expect(moonshot).toEqual(await servedIds(sim, "moonshot"));
      expect(kimiCode).toEqual(await servedIds(sim, "kimi code"));
    } finally {
      await sim.close();
    }
  });

  it("says which of the simulator's keys replaces the provider page's placeholder key", () => {
    // The page's snippets carry `sk-...`, which every command refuses as the docs' placeholder;
    // a reader pointing a snippet's baseUrl at the simulator needs its key too.
    const lead = "to the simulator's test key,";
    const at = readme.indexOf(lead);
    expect(at, `the README no longer says "${lead}"`).toBeGreaterThan(-1);
    const keys = [...readme.slice(at, at + 120).matchAll(/`(sk-[^`]+)`/g)].map((m) => m[1]);
    expect(keys).toEqual([SIM_KEYS.ai[0], SIM_KEYS.kimiCode[0]]);
  });

  it("--retired adds the retired ids the README names, which the catalog still has", async () => {
    const sim = await startSimulator({ serveRetiredModels: true });
    try {
      const { moonshot } = named("It serves the models the API serves today");
      const served = await servedIds(sim, "moonshot");
      const retired = served.filter((id) => !moonshot.includes(id));
      // "the K2 previews, `kimi-k2-thinking*`"
      expect(retired.length).toBeGreaterThan(0);
      for (const id of retired) expect(id).toMatch(/^kimi-k2-(thinking|.*preview)/);
      expect(readme).toContain("`--retired` serves those too");
    } finally {
      await sim.close();
    }
  });
});

describe("the Kimi Code plan of a simulator run by hand", () => {
  it("resets ahead of now, so onboarding and --probe do not read 'already passed'", async () => {
    const sim = await startSimulator({ ...handRunPlan() });
    try {
      const env = {
        OPENCLAW_STATE_DIR: tempDir(),
        OPENCLAW_KIMI_CODE_BASE_URL: sim.kimiCodeBaseUrl,
      };
      const onboarded = await runCli(onboardWithKey("kimi-code-api-key", sim.keys.kimiCode), {
        env,
      });
      expect(onboarded.code).toBe(0);
      expect(onboarded.stdout).toMatch(
        / {4}week {2}80 of 100 left, resets [-0-9]+ [0-9:]+ UTC, in /,
      );
      const probed = await runCli(["models", "status", "--probe"], { env });
      expect(probed.stdout).toMatch(/\n\s+week\s+80 of 100 left, resets .*, in [56] d\b/);
      expect(probed.stdout).toMatch(/\n\s+5 h\s+95 of 100 left, resets .*, in [34] h\b/);
      expect(onboarded.stdout + probed.stdout).not.toContain("already passed");
    } finally {
      await sim.close();
    }
  });

  it("keeps both resets ahead of the clock however long the simulator has run", async () => {
    // The simulator's own clock, moved by hand: no waiting, and no test reads the system's.
    let now = new Date("2026-12-03T10:17:42Z");
    const sim = await startSimulator({ ...handRunPlan(() => now) });
    try {
      const resets = async (): Promise<{ week: number; fiveHours: number }> => {
        const res = await fetch(`${sim.kimiCodeBaseUrl}/usages`, {
          headers: { authorization: `Bearer ${sim.keys.kimiCode}`, "user-agent": "KimiCLI/1.0" },
        });
        const body = (await res.json()) as {
          usage: { resetTime: string };
          limits: { detail: { resetTime: string } }[];
        };
        return {
          week: Date.parse(body.usage.resetTime),
          fiveHours: Date.parse(body.limits[0]?.detail.resetTime ?? ""),
        };
      };
      const hour = 3_600_000;
      const atStart = await resets();
      expect(atStart.fiveHours).toBe(Date.parse("2026-12-03T14:00:00Z"));
      // Left running for a day and 6 hours: past the first 5-hour window and into the week.
      now = new Date(now.getTime() + 30 * hour);
      const later = await resets();
      expect(later.fiveHours).toBe(Date.parse("2026-12-04T20:00:00Z"));
      expect(later.fiveHours - now.getTime()).toBeGreaterThan(3 * hour);
      expect(later.week - now.getTime()).toBeGreaterThan(5 * 24 * hour);
    } finally {
      await sim.close();
    }
  });
});

describe("npm run simulator on a port already taken", () => {
  it("says so and how to pick another, instead of Node's stack trace", async () => {
    const first = await startSimulator();
    try {
      const port = Number(new URL(first.url).port);
      const failed = await startSimulator({ port }).then(
        async (second) => {
          await second.close();
          throw new Error(`a second simulator listened on port ${port}`);
        },
        (error: unknown) => error,
      );
      expect(listenFailure(failed, "127.0.0.1", port)).toBe(
        `error: port ${port} on 127.0.0.1 is already in use (a simulator or gateway started before may still run)\n` +
          "hint: stop what listens there, or pick another port: npm run simulator -- --port <n> (--port 0 picks a free one)\n",
      );
      // Any other failure is not dressed up: it is a bug, to be seen whole.
      expect(listenFailure(new Error("something else"), "127.0.0.1", port)).toBeUndefined();
    } finally {
      await first.close();
    }
  });
});
