import type { Reporter, TestModule } from "vitest/node";

/**
 * Ends the run with one plain line, `tests: N passed, N failed, N skipped`, that CI systems and
 * people can read without parsing vitest's decorated summary. A file that failed outside its
 * tests (a hook such as beforeAll, or its import) and errors no test caught are added to it, so
 * the line never says "0 failed" for a run that failed.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<unknown> = [],
  ): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    let brokenFiles = 0;
    for (const module of testModules) {
      let failedHere = 0;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") passed++;
        else if (state === "failed") failedHere++;
        else skipped++;
      }
      failed += failedHere;
      if (module.state() === "failed" && failedHere === 0) brokenFiles++;
    }
    const more: string[] = [];
    if (brokenFiles > 0)
      more.push(`${brokenFiles} file${brokenFiles === 1 ? "" : "s"} failed outside its tests`);
    if (unhandledErrors.length > 0)
      more.push(
        `${unhandledErrors.length} unhandled error${unhandledErrors.length === 1 ? "" : "s"}`,
      );
    const tail = more.length > 0 ? `; ${more.join(", ")} (see above)` : "";
    process.stdout.write(
      `\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped${tail}\n`,
    );
  }
}
