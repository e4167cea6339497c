/** `openclaw gateway`, the part that runs: loaded lazily so that `--help` stays fast. */
import { startGateway } from "../../gateway/index.js";
import { defaultTransports } from "../../runtime/index.js";
import { style } from "../output.js";

export async function runGatewayCommand(input: {
  port: number | undefined;
  bind: string | undefined;
}): Promise<void> {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const gateway = await startGateway({
    ...(input.port !== undefined ? { port: input.port } : {}),
    ...(input.bind !== undefined ? { bind: input.bind } : {}),
    transports: await defaultTransports(),
    log,
    announceToken(token, configPath) {
      process.stdout.write(
        `${style.bold("gateway token")} (shown once; saved as gateway.auth.token in ${configPath}):\n  ${token}\n`,
      );
    },
  });
  // Signal handlers go in before "listening" is printed: a supervisor may signal right after it.
  let resolveStopped: () => void = () => {};
  const stopped = new Promise<void>((resolve) => {
    resolveStopped = resolve;
  });
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      log(`${signal} again: exiting now`);
      process.exit(1);
    }
    stopping = true;
    const active = gateway.server.activeRequests();
    log(`${signal}: draining ${active} request(s) for up to ${gateway.drainMs} ms…`);
    gateway
      .close()
      .then(({ cancelled }) => {
        log(
          cancelled > 0 ? `stopped; ${cancelled} request(s) cancelled at the deadline` : "stopped",
        );
        resolveStopped();
      })
      .catch((error: unknown) => {
        log(`error while stopping: ${error instanceof Error ? error.message : String(error)}`);
        process.exitCode = 1;
        resolveStopped();
      });
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  const backend = gateway.backend();
  const usable = backend.directory.list().filter((model) => model.id !== "openclaw");
  process.stdout.write(
    `openclaw gateway listening on ${style.cyan(gateway.url)}  (POST /v1/chat/completions)\n`,
  );
  if (usable.length === 0) {
    log(
      `${style.yellow("warning", process.stderr)}: no provider has a key yet, so every chat request will fail.\n  hint: run openclaw onboard --auth-choice moonshot-api-key (or kimi-code-api-key); the gateway picks up the new config without a restart`,
    );
  } else {
    log(
      `models: ${usable.length} usable (${[...new Set(usable.map((model) => model.ownedBy))].join(", ")})`,
    );
  }
  if (backend.providersWithoutKey.length > 0) {
    log(`no key for: ${backend.providersWithoutKey.join(", ")}`);
  }
  if (!backend.catalog.primary) {
    log(
      'no default model (agents.defaults.model): requests must name a model; "openclaw" will not resolve',
    );
  }
  for (const problem of backend.problems)
    log(`${style.yellow("problem", process.stderr)}: ${problem.where}: ${problem.message}`);
  if (gateway.proxies) log(`upstream proxy: ${gateway.proxies}`);
  if (gateway.ledgerPath) log(`usage ledger: ${gateway.ledgerPath}`);

  await stopped;
}
