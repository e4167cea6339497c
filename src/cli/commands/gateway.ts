import type { Command } from "commander";
import { UsageError } from "../../errors.js";

interface GatewayFlags {
  port?: string;
  bind?: string;
  json?: boolean;
  logRequests?: boolean;
}

/**
 * Decimal digits only. Number() also takes "" (as 0: a random port, from `--port "$PORT"` with
 * PORT unset), "0x10" (port 16), "1e3" and " 8080", none of which a user means as a port.
 */
const DECIMAL_PORT = /^[0-9]{1,5}$/;

function parsePort(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const example = "example: openclaw gateway --port 18789";
  if (value === "") {
    throw new UsageError(
      "--port is empty: give a port number from 0 to 65535 (0 picks a free one)",
      example,
    );
  }
  const port = DECIMAL_PORT.test(value) ? Number(value) : Number.NaN;
  if (!(port >= 0 && port <= 65535)) {
    throw new UsageError(
      `--port must be a decimal number from 0 to 65535 (got "${value}")`,
      example,
    );
  }
  return port;
}

/**
 * An empty `--bind` (`--bind "$BIND"` with BIND unset) would reach Node's listen as host "",
 * which listens on every interface: the opposite of the loopback default the person left it to.
 */
function checkBind(value: string | undefined): string | undefined {
  if (value === undefined || value.trim() !== "") return value;
  throw new UsageError(
    "--bind is empty: give loopback, lan or an address of this machine",
    "example: openclaw gateway --bind loopback (leave --bind out for gateway.bind, else loopback)",
  );
}

export function registerGateway(program: Command): void {
  program
    .command("gateway")
    .description("run the OpenAI-compatible gateway in front of every configured provider")
    .option("--port <port>", "port to listen on (default: gateway.port, else 18789)")
    .option(
      "--bind <address>",
      "loopback (default), lan (all interfaces) or an address of this machine",
    )
    .option(
      "--json",
      "report as JSON lines on stdout (token_created, listening, models_discovered, log, draining, stopped…)",
    )
    .option(
      "--log-requests",
      "print one line per finished chat request (status, model, latency, tokens, cost, trace id; on a terminal, what fits its width, and every field to a file or pipe) and per request to a path it does not serve, on stderr",
    )
    .addHelpText(
      "after",
      `
Examples:
  openclaw gateway
  TOKEN=$(openclaw config get gateway.auth.token --reveal)   # from another shell
  curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:18789/v1/models
  openclaw gateway --port 8080 --bind lan
  HTTPS_PROXY=http://proxy.example:3128 NO_PROXY=.example.com openclaw gateway
  openclaw config set gateway.auth.token "$(openssl rand -hex 32)"   # your own token: clients send it
  openclaw gateway --port 0 --json     # JSON lines; the port is in {"event":"listening",…}
  openclaw gateway --log-requests      # 12:00:01  200  moonshot/kimi-k2.5  842 ms  1,204 + 312 …

Routes: POST /v1/chat/completions, POST /v1/completions (legacy text completions, as Continue's
autocomplete sends), POST /v1/responses (GET and DELETE /v1/responses/{id},
GET /v1/responses/{id}/input_items), POST /v1/messages and /v1/messages/count_tokens (Anthropic's,
for Claude Code: its base URL is the gateway's, without /v1), GET /v1/models, GET /v1/models/{id},
GET /healthz, GET /metrics.
With --json, stdout has one JSON event per line, and "listening" is not always the first: a first
start writes "token_created" before it (where the new token is saved, never the token: print it
with openclaw config get gateway.auth.token --reveal). What the start warns of is in "listening"
(problems, noDefault, providersWithoutKey, keylessDefaults, keylessProviders); warnings after it
(a reload, a provider's model list) come as "log" events.
The model may be a ref (moonshot/kimi-k2.5), an alias, or "openclaw" for the configured primary
with its fallbacks. Each provider with a key is asked its GET /models after the start (and after a
reload that changes its key): /v1/models then leaves out the configured models it does not list
(the log names them; requests naming them are still forwarded). Clients authenticate with gateway.auth.token, else with OPENCLAW_GATEWAY_TOKEN
(read from the shell, else from the config's env block); with neither, a token is created, saved as
gateway.auth.token and printed once, on a terminal only, as a log would keep it (openclaw config get
gateway.auth.token --reveal prints it). The start-up output says where the token came from, never the token.
The config file is watched: edits apply without a restart (port, bind, the ledger and the limits
but drainTimeoutMs say when they need one); no signal is needed. SIGTERM, Ctrl-C and SIGHUP (the
terminal closing) drain running requests (gateway.limits.drainTimeoutMs, default 10 s) and write
the usage ledger before exit; a second signal cancels what still runs, writes the ledger
(cancelled requests included) and exits 1.
Upstream calls go through the proxy HTTPS_PROXY / HTTP_PROXY / ALL_PROXY name (shell or the
config's env block), except NO_PROXY hosts and this machine; the start-up output says which.`,
    )
    .action(async (flags: GatewayFlags) => {
      const port = parsePort(flags.port);
      const bind = checkBind(flags.bind);
      // Before the gateway's modules load: a limit too low to start on is refused here, instead of
      // failing with EMFILE while Node reads them.
      const { openFilesLimit } = await import("../../gateway/open-files.js");
      const { refuseOpenFilesLimitBelowGatewayFloor } = await import("./gateway-open-files.js");
      refuseOpenFilesLimitBelowGatewayFloor(openFilesLimit());
      const { runGatewayCommand } = await import("./gateway-run.js");
      await runGatewayCommand({
        port,
        bind,
        json: flags.json === true,
        logRequests: flags.logRequests === true,
      });
    });
}
