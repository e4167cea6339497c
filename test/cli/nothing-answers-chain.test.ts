/**
 * A default chain that leaves a member out (its provider's baseUrl is broken) while the members
 * left have no key: nothing can answer, and `models status`, `doctor`, `agent` and `chat` say
 * so, with what to fix first, rather than that the keyless member "answers instead". Real CLI,
 * a real config in a fresh state dir; no request leaves the machine (the run stops on the
 * missing key).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

const BAD_URL = "htp:/bad url";

/** The broken baseUrl on line 4, the primary on line 9, the fallback on line 10. */
function stateWith(broken: "moonshot" | "moonshot-cn") {
  const dir = tempDir("openclaw-nothing-answers-");
  const configPath = join(dir, "openclaw.json");
  writeFileSync(
    configPath,
    [
      "{",
      "  models: {",
      "    providers: {",
      `      "${broken}": { baseUrl: "${BAD_URL}" },`,
      "    },",
      "  },",
      "  agents: {",
      "    defaults: {",
      '      model: { primary: "moonshot/kimi-k2.5",',
      '        fallbacks: ["moonshot-cn/kimi-k2.5"] },',
      "    },",
      "  },",
      "}",
      "",
    ].join("\n"),
  );
  return { configPath, env: { OPENCLAW_STATE_DIR: dir, HOME: dir } };
}

/** Text with each run of spaces and line breaks as one space (a terminal wraps long lines). */
const flat = (text: string) => text.replace(/\s+/g, " ");

const brokenUrl = (provider: string, configPath: string) =>
  `provider "${provider}" is not usable: models.providers.${provider}.baseUrl: expected an http(s) URL, found the string "${BAD_URL}" (${configPath}:4)`;

describe("a default chain with a member left out and no key for the rest", () => {
  it("primary without a key, fallback's provider broken: nothing answers, and the fix is named", async () => {
    const { configPath, env } = stateWith("moonshot-cn");
    const problem = `nothing in the default chain can answer: moonshot/kimi-k2.5 (agents.defaults.model.primary, ${configPath}:9): no usable key for moonshot; moonshot-cn/kimi-k2.5 (agents.defaults.model.fallbacks[0], ${configPath}:10) is left out: ${brokenUrl("moonshot-cn", configPath)}`;
    const hint = `fix moonshot/kimi-k2.5 first, give it a key: run: openclaw onboard --auth-choice moonshot-api-key   (or set $MOONSHOT_API_KEY). Or, for moonshot-cn/kimi-k2.5 to answer instead, mend its provider at models.providers.moonshot-cn.baseUrl (${configPath}:4): write the full URL, for example "https://api.moonshot.cn/v1"`;

    const status = await runCli(["models", "status"], { env });
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).not.toContain("answers instead:");
    expect(flat(status.stdout)).toContain(flat(`warning: ${problem} hint: ${hint}`));

    const json = await runCli(["models", "status", "--json"], { env });
    const out = JSON.parse(json.stdout) as {
      defaultProblem: string;
      defaultHint: string;
      ok: boolean;
      leftOut: { ref: string; warning: string }[];
    };
    expect(out).toMatchObject({ defaultProblem: problem, defaultHint: hint, ok: false });
    expect(out.leftOut).toEqual([
      expect.objectContaining({
        ref: "moonshot-cn/kimi-k2.5",
        warning: `the default chain leaves out moonshot-cn/kimi-k2.5 (agents.defaults.model.fallbacks[0], ${configPath}:10), and no other model of it can answer: ${brokenUrl("moonshot-cn", configPath)}; write the full URL, for example "https://api.moonshot.cn/v1"`,
      }),
    ]);

    const check = await runCli(["models", "status", "--check"], { env });
    expect(check.code).toBe(1);
    expect(flat(check.stderr)).toContain(flat(`error: ${problem}`));

    const doctor = await runCli(["doctor", "--json"], { env });
    const findings = JSON.parse(doctor.stdout) as {
      findings: { check: string; level: string; message: string; hint?: string }[];
    };
    expect(findings.findings.filter((finding) => finding.check === "model")).toEqual([
      expect.objectContaining({ level: "fail", message: problem, hint }),
    ]);

    const agent = await runCli(["agent", "-m", "hi"], { env });
    expect(agent.code).toBe(1);
    expect(agent.stderr).not.toContain("answers instead");
    expect(agent.stderr).toContain(
      `warning: ${problem}; fix moonshot/kimi-k2.5 first, give it a key: set one of: auth profile "moonshot:default", $MOONSHOT_API_KEY; or run: openclaw onboard --auth-choice moonshot-api-key. Or, for moonshot-cn/kimi-k2.5 to answer instead, mend its provider at models.providers.moonshot-cn.baseUrl (${configPath}:4):`,
    );
    expect(agent.stderr).toContain('error: no API key found for provider "moonshot"');

    const chat = await runCli(["chat"], { env, input: "hi\n" });
    expect(chat.stderr).not.toContain("answers instead");
    expect(chat.stderr).toContain(`warning: ${problem}; fix moonshot/kimi-k2.5 first, `);
  });

  it("primary's provider broken, fallback without a key: the primary's provider is the fix named first", async () => {
    const { configPath, env } = stateWith("moonshot");
    const status = await runCli(["models", "status", "--json"], { env });
    const out = JSON.parse(status.stdout) as { defaultProblem: string; defaultHint: string };
    expect(out.defaultProblem).toBe(
      `nothing in the default chain can answer: moonshot/kimi-k2.5 (agents.defaults.model.primary, ${configPath}:9) is left out: ${brokenUrl("moonshot", configPath)}; moonshot-cn/kimi-k2.5 (agents.defaults.model.fallbacks[0], ${configPath}:10): no usable key for moonshot-cn`,
    );
    expect(out.defaultHint).toMatch(
      /^fix moonshot\/kimi-k2\.5 first, mend its provider at models\.providers\.moonshot\.baseUrl \(.*openclaw\.json:4\): write the full URL, for example "https:\/\/api\.moonshot\.ai\/v1"\. Or, for moonshot-cn\/kimi-k2\.5 to answer instead, give it a key: /,
    );

    const text = await runCli(["models", "status"], { env });
    expect(text.stdout).toContain(
      "Default:     moonshot/kimi-k2.5 (left out: nothing can answer in its place)",
    );
    const list = await runCli(["models", "list"], { env });
    expect(list.stdout).toMatch(/^moonshot-cn\/kimi-k2\.5 .* fallback#1$/m);
    expect(list.stdout).not.toContain("answers default");

    const agent = await runCli(["agent", "-m", "hi"], { env });
    expect(agent.code).toBe(1);
    expect(agent.stderr).not.toContain("answers instead");
    expect(agent.stderr).toContain("warning: nothing in the default chain can answer: ");
  });

  it("a keyless member between the one left out and the one with a key: the keyed one is named as what answers", async () => {
    const dir = tempDir("openclaw-nothing-answers-");
    const configPath = join(dir, "openclaw.json");
    writeFileSync(
      configPath,
      [
        "{",
        `  models: { providers: { "moonshot-cn": { baseUrl: "${BAD_URL}" } } },`,
        "  agents: { defaults: { model: { primary: 'moonshot-cn/kimi-k2.5',",
        "    fallbacks: ['moonshot/kimi-k2.5', 'kimi-code/kimi-for-coding'] } } },",
        "}",
        "",
      ].join("\n"),
    );
    const env = { OPENCLAW_STATE_DIR: dir, HOME: dir, KIMICODE_API_KEY: "sk-fake-abc-01" };
    const status = await runCli(["models", "status"], { env });
    expect(status.stdout).toContain(
      "Default:     moonshot-cn/kimi-k2.5 (left out: kimi-code/kimi-for-coding answers in its place)",
    );
    expect(flat(status.stdout)).toContain(
      flat(
        `warning: the default chain leaves out moonshot-cn/kimi-k2.5 (agents.defaults.model.primary, ${configPath}:3), kimi-code/kimi-for-coding answers instead: ${brokenUrl("moonshot-cn", configPath).replace(":4)", ":2)")}`,
      ),
    );
    const list = await runCli(["models", "list"], { env });
    expect(list.stdout).toMatch(/^kimi-code\/kimi-for-coding .* fallback#2, answers default$/m);
    expect(list.stdout).toMatch(/^moonshot\/kimi-k2\.5 .* fallback#1$/m);
  });
});
