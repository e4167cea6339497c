/**
 * Whether the gateway can listen on its address and port, asked before it writes anything (a new
 * token into the config file, the ledger file): a start that is going to fail leaves the
 * person's files as they were. The same words for a failure of the real listen.
 */
import { createServer } from "node:net";
import { OpenClawError } from "../errors.js";

/**
 * The failure of listening on `host`:`port` (`bind` as the person wrote it) as a user-facing
 * error; anything not about the address or port is returned as it is.
 */
export function listenFailure(error: unknown, port: number, host: string, bind: string): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "EADDRINUSE") {
    return new OpenClawError("gateway.port_in_use", `port ${port} on ${host} is already in use`, {
      hint: "stop the other process, or pick another port: openclaw gateway --port <n>",
      cause: error,
    });
  }
  if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND" || code === "EAI_AGAIN") {
    return new OpenClawError(
      "gateway.bad_bind",
      `cannot listen on "${bind}": no such local address`,
      {
        hint: "use --bind loopback, --bind lan, or an address of this machine",
        where: "gateway.bind",
        cause: error,
      },
    );
  }
  if (code === "EACCES" && port > 0 && port < 1024) {
    return new OpenClawError(
      "gateway.port_privileged",
      `cannot listen on port ${port}: ports below 1024 need root`,
      {
        hint: "pick a port from 1024 up: openclaw gateway --port 18789",
        where: "gateway.port",
        cause: error,
      },
    );
  }
  if (code === "ERR_SOCKET_BAD_PORT") {
    return new OpenClawError("gateway.bad_port", `port ${port} is out of range (0 to 65535)`, {
      hint: "pick a port from 1024 to 65535: openclaw gateway --port 18789",
      where: "gateway.port",
      cause: error,
    });
  }
  return error;
}

/** Listens on the address for a moment, as the gateway will; throws `listenFailure`'s error. */
export function checkListen(port: number, host: string, bind: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", (error) => reject(listenFailure(error, port, host, bind)));
    try {
      probe.listen({ port, host }, () => probe.close(() => resolve()));
    } catch (error) {
      reject(listenFailure(error, port, host, bind)); // a port out of range throws at once
    }
  });
}
