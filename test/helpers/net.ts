/** Loopback socket helpers for tests. */
import { readFileSync } from "node:fs";
import { createServer } from "node:net";

/**
 * The lowest port the kernel hands out for a bind to port 0 (Linux's ip_local_port_range; 32768,
 * its default, elsewhere). A port below it is never given to a server that asks for any port.
 */
function firstEphemeralPort(): number {
  try {
    const [low] = readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8")
      .trim()
      .split(/\s+/);
    const port = Number(low);
    return Number.isInteger(port) && port > 11_000 ? port : 32_768;
  } catch {
    return 32_768;
  }
}

/** Whether `port` can be bound on 127.0.0.1 now (bound, then released). */
function bindable(port: number): Promise<boolean> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/**
 * A port nothing listens on. Taken below the ephemeral range: a port freed from that range may be
 * handed straight to the next `listen(0)` (another test's gateway, or the one this test starts),
 * which would then answer where the test wants a refused connection.
 */
export async function closedPort(): Promise<number> {
  const below = firstEphemeralPort();
  for (let tries = 0; tries < 50; tries++) {
    const port = 10_000 + Math.floor(Math.random() * (below - 10_000));
    if (await bindable(port)) return port;
  }
  throw new Error(`no free port found between 10000 and ${below}`);
}
