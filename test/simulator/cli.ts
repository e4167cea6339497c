/**
 * Run the simulator by hand or as a benchmark upstream (`npm run simulator -- --help`):
 *   node .bench-build/test/simulator/cli.js --port 8787 [--region cn] [--instant]
 */
import { parseArgs } from "node:util";
import { startSimulator } from "./index.js";
import { banner, handRunPlan, listenFailure, SIMULATOR_USAGE } from "./try-it.js";

function parse() {
  try {
    return parseArgs({
      options: {
        port: { type: "string", default: "0" },
        host: { type: "string", default: "127.0.0.1" },
        region: { type: "string", default: "ai" },
        instant: { type: "boolean", default: false },
        keyless: { type: "boolean", default: false },
        retired: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    }).values;
  } catch (error) {
    process.stderr.write(
      `error: ${error instanceof Error ? error.message : String(error)}\n\n${SIMULATOR_USAGE}\n`,
    );
    process.exit(2);
  }
}

const values = parse();
if (values.help) {
  process.stdout.write(`${SIMULATOR_USAGE}\n`);
  process.exit(0);
}
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535 || !["ai", "cn"].includes(values.region)) {
  process.stderr.write(
    `error: --port takes 0–65535 and --region ai or cn (got ${values.port}, ${values.region})\n`,
  );
  process.exit(2);
}
const sim = await startSimulator({
  port,
  host: values.host,
  region: values.region === "cn" ? "cn" : "ai",
  instant: values.instant,
  keyless: values.keyless,
  serveRetiredModels: values.retired,
  record: false,
  ...handRunPlan(),
}).catch((error: unknown) => {
  const said = listenFailure(error, values.host, port);
  if (said === undefined) throw error;
  process.stderr.write(said);
  process.exit(1);
});
process.stdout.write(banner(sim, values.instant));
const stop = (): void => {
  void sim.close().then(() => process.exit(0));
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
