/**
 * `doctor --json` gives every finding the same keys, probed or not, as `models status --json`
 * does since 65d564dd: `where`, `hint`, `path`, `file`, `line` and `retired` are null when a
 * finding has none, where they were left out and a script had to test whether `.hint` was there.
 * The built CLI (`npm run build` first) against the simulator over real sockets.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { simEnvPerTest } from "../runtime/sim-env.js";

const setup = simEnvPerTest();

type Finding = Record<string, unknown>;

const KEYS = [
  "check",
  "level",
  "message",
  "where",
  "hint",
  "path",
  "file",
  "line",
  "retired",
  "credit",
];

async function doctor(args: string[], env: Record<string, string>): Promise<Finding[]> {
  const result = await runCli(["doctor", ...args, "--json"], { env });
  const json = JSON.parse(result.stdout) as Record<string, unknown>;
  expect(Object.keys(json)).toEqual(["ok", "failures", "warnings", "findings"]);
  return json.findings as Finding[];
}

describe("doctor --json and fields that have no value", () => {
  it("gives each finding every key without --probe, null where it has none", async () => {
    const { cliEnv } = await setup();
    const findings = await doctor([], cliEnv);
    for (const finding of findings) expect(Object.keys(finding)).toEqual(KEYS);
    expect(findings.find((finding) => finding.check === "node")).toMatchObject({
      level: "ok",
      where: null,
      hint: null,
      path: null,
      file: null,
      line: null,
      retired: null,
      credit: null,
    });
    expect(findings.some((finding) => finding.check === "probe")).toBe(false);
  });

  it("gives probe findings the same keys, a working key's hint null, a refused key's filled", async () => {
    const { cliEnv } = await setup();
    const findings = await doctor(["--probe"], {
      ...cliEnv,
      KIMICODE_API_KEY: "sk-kimi-fake-abc-01",
    });
    for (const finding of findings) expect(Object.keys(finding)).toEqual(KEYS);
    const probes = findings.filter((finding) => finding.check === "probe");
    const moonshot = probes.find((finding) => String(finding.message).startsWith("moonshot:"));
    const kimi = probes.find((finding) => String(finding.message).startsWith("kimi-code:"));
    expect(moonshot).toMatchObject({ level: "ok", hint: null, where: null, retired: null });
    expect(kimi).toMatchObject({ level: "fail", where: null, retired: null });
    expect(kimi?.hint).toEqual(expect.stringContaining("KIMICODE_API_KEY"));
  });
});
