/**
 * The gateway every benchmark measures: the bench upstream as its one provider (`local/echo`)
 * and a fixed token, so the wall-clock and the instruction-count benchmarks run the same
 * gateway configuration.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";

export const BENCH_TOKEN = "bench-gateway-token-0001";
export const BENCH_UPSTREAM_KEY = "sk-test-bench-upstream-0001";

/** Writes `openclaw.json` for the benchmarked gateway into `stateDir`. */
export function writeBenchGatewayConfig(stateDir: string, upstreamUrl: string): void {
  writeFileSync(
    join(stateDir, "openclaw.json"),
    JSON.stringify({
      models: {
        mode: "replace",
        providers: {
          local: {
            baseUrl: `${upstreamUrl}/v1`,
            apiKey: BENCH_UPSTREAM_KEY,
            api: "openai-completions",
            models: [{ id: "echo", name: "Echo" }],
          },
        },
      },
      agents: { defaults: { model: "local/echo" } },
      gateway: { auth: { mode: "token", token: BENCH_TOKEN } },
    }),
  );
}
