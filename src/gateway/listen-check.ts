/**
 * Whether the gateway can listen on its address and port, asked before it writes anything (a new
 * token into the config file, the ledger file): a start that is going to fail leaves the
 * person's files as they were. The same words for a failure of the real listen.
 */
import { createServer } from "node:net";
import { OpenClawError } from "../errors.js";
import { localAddressOf, portHolder } from "./port-holder.js";

/**
 * How a hint says to choose another port or address, and to stop a gateway: the CLI's flags for
 * a person at `openclaw gateway`, startGateway's options for a program (which has no flag to
 * pass, and whose own process a Ctrl-C would end).
 */
export interface ListenAdvice {
  /** `range`: "another port", "a port from 1024 up"; `example`: a port to show in a command. */
  pickPort(range: string, example: string): string;
  bindChoices: string;
  stopGateway: string;
  /**
   * The `where` of a port or address refused: the config's dotted path by default; for a program
   * that gave it as startGateway's `port` or `bind`, that option's name.
   */
  portWhere?: string;
  bindWhere?: string;
}

export const CLI_LISTEN_ADVICE: ListenAdvice = {
  pickPort: (range, example) => `pick ${range}: openclaw gateway --port ${example}`,
  bindChoices: "use --bind loopback, --bind lan, or an address of this machine",
  stopGateway: "Ctrl-C where it runs",
};

export const PROGRAM_LISTEN_ADVICE: ListenAdvice = {
  pickPort: (range) => `pass startGateway ${range} (port: 0 picks a free one)`,
  bindChoices: 'pass startGateway bind: "loopback", "lan", or an address of this machine',
  stopGateway: "its close() in a program, Ctrl-C where openclaw gateway runs",
};

/**
 * The failure of listening on `host`:`port` (`bind` as the person wrote it) as a user-facing
 * error; anything not about the address or port is returned as it is.
 */
export function listenFailure(
  error: unknown,
  port: number,
  host: string,
  bind: string,
  advice: ListenAdvice = CLI_LISTEN_ADVICE,
): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "EADDRINUSE") {
    return new OpenClawError("gateway.port_in_use", `port ${port} on ${host} is already in use`, {
      hint: `stop the other process, or ${advice.pickPort("another port", "<n>")}`,
      ...(advice.portWhere !== undefined ? { where: advice.portWhere } : {}),
      cause: error,
    });
  }
  if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND" || code === "EAI_AGAIN") {
    return new OpenClawError(
      "gateway.bad_bind",
      `cannot listen on "${bind}": no such local address`,
      {
        hint: advice.bindChoices,
        where: advice.bindWhere ?? "gateway.bind",
        cause: error,
      },
    );
  }
  if (code === "EACCES" && port > 0 && port < 1024) {
    return new OpenClawError(
      "gateway.port_privileged",
      `cannot listen on port ${port}: ports below 1024 need root`,
      {
        hint: advice.pickPort("a port from 1024 up", "18789"),
        where: advice.portWhere ?? "gateway.port",
        cause: error,
      },
    );
  }
  if (code === "ERR_SOCKET_BAD_PORT") {
    return new OpenClawError("gateway.bad_port", `port ${port} is out of range (0 to 65535)`, {
      hint: advice.pickPort("a port from 1024 to 65535", "18789"),
      where: advice.portWhere ?? "gateway.port",
      cause: error,
    });
  }
  return error;
}

/**
 * A `gateway.port_in_use` whose holder answered /healthz as an openclaw gateway: doctor tells it
 * from another program's port by this, without asking the port again.
 */
export class PortHeldByGatewayError extends OpenClawError {}

/**
 * The error of a port an openclaw gateway already listens on: the usual reason is a second start
 * (`npm start` in one terminal, `openclaw gateway` in another), which "stop the other process"
 * left to guess.
 */
function gatewayRunningError(
  port: number,
  host: string,
  cause: unknown,
  advice: ListenAdvice,
): OpenClawError {
  const local = localAddressOf(host);
  const shown = local.includes(":") ? `[${local}]` : local;
  return new PortHeldByGatewayError(
    "gateway.port_in_use",
    `port ${port} on ${host} is already in use by an openclaw gateway (http://${shown}:${port})`,
    {
      hint: `use that one (GET http://${shown}:${port}/healthz answers), stop it (${advice.stopGateway}) and start again, or ${advice.pickPort("another port", "<n>")}`,
      ...(advice.portWhere !== undefined ? { where: advice.portWhere } : {}),
      cause,
    },
  );
}

/**
 * Listens on the address for a moment, as the gateway will; throws `listenFailure`'s error, a
 * PortHeldByGatewayError when the port's holder answers /healthz (asked for up to
 * `holderTimeoutMs`) as an openclaw gateway.
 */
export async function checkListen(
  port: number,
  host: string,
  bind: string,
  holderTimeoutMs = 1000,
  advice: ListenAdvice = CLI_LISTEN_ADVICE,
): Promise<void> {
  try {
    await new Promise<void>((resolve, reject) => {
      const probe = createServer();
      probe.once("error", reject);
      try {
        probe.listen({ port, host }, () => probe.close(() => resolve()));
      } catch (error) {
        reject(error); // a port out of range throws at once
      }
    });
  } catch (error) {
    const failure = listenFailure(error, port, host, bind, advice);
    if (failure instanceof OpenClawError && failure.code === "gateway.port_in_use")
      if ((await portHolder(host, port, holderTimeoutMs)) === "gateway")
        throw gatewayRunningError(port, host, error, advice);
    throw failure;
  }
}
