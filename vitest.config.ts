import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "src/**/*.test.ts"],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: "forks",
    // Two cores on CI: keep parallelism modest so socket-heavy tests do not starve each other.
    maxWorkers: 2,
    reporters: ["default", "./test/summary-reporter.ts"],
  },
});
