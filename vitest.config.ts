import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "src/**/*.test.ts"],
    // Timeouts only catch a hang, never measure: on 2 loaded cores one CLI process takes 2-7 s
    // (0.3 s alone), and a test runs several; 20 s failed such tests under load.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Two cores on CI: keep parallelism modest so socket-heavy tests do not starve each other.
    maxWorkers: 2,
    reporters: ["default", "./test/summary-reporter.ts"],
  },
});
