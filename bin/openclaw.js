#!/usr/bin/env node
// Under a low open-files limit, decided before any command's modules load: they are read one
// file at a time, else Node's concurrent reads fail with EMFILE on a random one.
import("../dist/cli/modules-one-at-a-time.js")
  .then((loading) => {
    loading.readModulesOneAtATimeUnderLowLimit();
    return import("../dist/cli/main.js");
  })
  .then(
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
      // Node reads the CLI's modules concurrently: under a very low open-files limit (under about 32)
      // it runs out of files before the CLI can say anything itself. The limit is not read here:
      // with the files still open, reading it fails too.
      if (error?.code === "EMFILE") {
        process.stderr.write(
          `error: openclaw could not read its own files: this process reached its open-files limit (ulimit -n shows it)\nhint: raise it: ulimit -n 1024 in the shell, LimitNOFILE=1024 under systemd, --ulimit nofile=1024 for docker\n`,
        );
        process.exit(1);
      }
      throw error;
    },
  );
