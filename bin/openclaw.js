#!/usr/bin/env node
import("../dist/cli/main.js").then(
  (cli) => cli.main(process.argv.slice(2)),
  (error) => {
    // The compiled CLI is missing (a clone that was never built): say what to run, not a trace.
    if (error?.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes("/dist/")) {
      const root = new URL("..", import.meta.url).pathname;
      process.stderr.write(
        `error: openclaw is not built: ${root}dist/ is missing\nhint: run \`npm run build\` in ${root} (or install the package from the npm registry)\n`,
      );
      process.exit(1);
    }
    throw error;
  },
);
