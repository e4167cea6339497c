/**
 * What the simulator prints when run by hand: where it listens, its keys, and the commands that
 * point openclaw at it, so the whole tool can be tried without a Moonshot or Kimi Code account.
 */
import { ENDPOINTS, type EndpointId } from "../../src/auth/index.js";
import type { Simulator, SimulatorOptions } from "./types.js";

export const SIMULATOR_USAGE = `Usage: npm run simulator -- [--port 18787] [--region ai|cn] [--instant] [--keyless] [--retired]

A local stand-in for the Moonshot (api.moonshot.ai / .cn) and Kimi Code APIs on 127.0.0.1:
the same routes, keys per region, errors and stream shapes the tests use.

  --port <n>       port to listen on (default: any free port)
  --host <addr>    address to listen on (default: 127.0.0.1)
  --region ai|cn   which Moonshot region /v1 behaves as (default: ai); the other is at /<other>/v1
  --instant        answer every chat with one fixed small completion; only the key is checked
  --keyless        also answer requests with no Authorization header (an endpoint that needs no key)
  --retired        also serve the ids retired during 2026 (the K2 previews, kimi-k2-thinking*);
                   without it they get 404 resource_not_found_error, as from the real API
  -h, --help       show this help

Examples:
  npm run simulator -- --port 18787
  npm run simulator -- --port 18788 --region cn`;

/**
 * Where the simulator stands in for each public endpoint openclaw knows. With one region's
 * variable only, onboarding the other region went to the real API, past the simulator the person
 * had started; with both at its /v1, that region took the other's keys and answered as it, so a
 * key of the international platform onboarded as China's worked there and showed its balance
 * in ¥. Each region has its own base URL, which takes that region's keys only.
 */
function simulatorBaseUrl(sim: Simulator, endpoint: EndpointId): string {
  if (endpoint === "kimi-code") return sim.kimiCodeBaseUrl;
  const region = endpoint === "moonshot-cn" ? "cn" : "ai";
  return region === sim.region ? sim.moonshotBaseUrl : sim.otherRegionBaseUrl;
}

/** The lines to paste into another shell to use this simulator instead of the real APIs. */
export function tryItLines(sim: Simulator): string[] {
  const cn = sim.region === "cn";
  const exports = (Object.keys(ENDPOINTS) as EndpointId[]).map(
    (endpoint) => `${ENDPOINTS[endpoint].overrideVar}=${simulatorBaseUrl(sim, endpoint)}`,
  );
  return [
    `export ${exports.join(" ")}`,
    "export OPENCLAW_STATE_DIR=$(mktemp -d)   # keep your real config out of it",
    `openclaw onboard --non-interactive --accept-risk --auth-choice ${cn ? "moonshot-api-key-cn" : "moonshot-api-key"} --moonshot-api-key ${sim.keys.moonshot}`,
    `openclaw onboard --non-interactive --accept-risk --auth-choice kimi-code-api-key --kimi-code-api-key ${sim.keys.kimiCode}`,
    'openclaw agent -m "Hello"',
  ];
}

/** The banner `npm run simulator` prints once it listens. */
export function banner(sim: Simulator, instant: boolean): string {
  return [
    `simulator listening on ${sim.url} (region ${sim.region}${instant ? ", instant" : ""})`,
    `  moonshot:  ${sim.moonshotBaseUrl}  key ${sim.keys.moonshot}`,
    `  moonshot (${sim.region === "ai" ? "cn" : "ai"}): ${sim.otherRegionBaseUrl}  key ${sim.keys.otherRegion}`,
    `  kimi code: ${sim.kimiCodeBaseUrl}  key ${sim.keys.kimiCode}  (User-Agent: KimiCLI/x)`,
    "",
    "Try openclaw against it, from another shell:",
    ...tryItLines(sim).map((line) => `  ${line}`),
    "",
  ].join("\n");
}

/**
 * The Kimi Code plan a simulator run by hand reports: its week and 5-hour window reset ahead of
 * the clock, as a live plan's do. The tests' default (a fixed past date) read "already passed" in
 * the onboarding and `--probe` a newcomer tries first, as if the answer were stale. The times are
 * worked out on every request: fixed at start, a simulator left running past the 5-hour window
 * reported it as passed. `now` is the clock (a test's own; the system's by default).
 */
export function handRunPlan(
  now: () => Date = () => new Date(),
): Pick<SimulatorOptions, "kimiCodeUsage" | "kimiCodeWindow"> {
  const hour = 3_600_000;
  // Whole hours from the hour just begun, so the times read as a plan's (10:00, not 10:17:42).
  const at = (hours: number) => {
    const startOfHour = Math.floor(now().getTime() / hour) * hour;
    return new Date(startOfHour + hours * hour).toISOString();
  };
  return {
    kimiCodeUsage: () => ({ limit: 100, remaining: 80, resetTime: at(6 * 24) }),
    kimiCodeWindow: () => ({ limit: 100, remaining: 95, resetTime: at(4) }),
  };
}

/**
 * What `npm run simulator` says when it cannot listen, in place of Node's stack trace: a port
 * already taken (a simulator or gateway started before, left running), or one this user may not
 * use. Undefined for any other failure, which is a bug to see whole.
 */
export function listenFailure(error: unknown, host: string, port: number): string | undefined {
  const code = error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
  const elsewhere = "npm run simulator -- --port <n> (--port 0 picks a free one)";
  if (code === "EADDRINUSE") {
    return `error: port ${port} on ${host} is already in use (a simulator or gateway started before may still run)\nhint: stop what listens there, or pick another port: ${elsewhere}\n`;
  }
  if (code === "EACCES") {
    return `error: port ${port} on ${host} may not be used by this user (ports below 1024 need root)\nhint: pick another port: ${elsewhere}\n`;
  }
  if (code === "EADDRNOTAVAIL") {
    return `error: ${host} is not an address of this machine, so the simulator cannot listen on it\nhint: leave --host out (127.0.0.1), or give one of this machine's addresses\n`;
  }
  return undefined;
}
