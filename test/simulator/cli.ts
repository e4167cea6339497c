/**
 * Run the simulator by hand or as a benchmark upstream:
 *   node .bench-build/test/simulator/cli.js --port 8787 [--region cn] [--instant]
 */
import { parseArgs } from "node:util";
import { startSimulator } from "./index.js";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "0" },
    host: { type: "string", default: "127.0.0.1" },
    region: { type: "string", default: "ai" },
    instant: { type: "boolean", default: false },
  },
});

const region = values.region === "cn" ? "cn" : "ai";
const sim = await startSimulator({
  port: Number(values.port),
  host: values.host,
  region,
  instant: values.instant,
  record: false,
});
process.stdout.write(
  `simulator listening on ${sim.url} (region ${region}${values.instant ? ", instant" : ""})\n` +
    `  moonshot:  ${sim.moonshotBaseUrl}  key ${sim.keys.moonshot}\n` +
    `  kimi code: ${sim.kimiCodeBaseUrl}  key ${sim.keys.kimiCode}  (User-Agent: KimiCLI/x)\n`,
);
const stop = (): void => {
  void sim.close().then(() => process.exit(0));
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
