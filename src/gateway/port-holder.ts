/**
 * Who holds a port the gateway cannot listen on: an openclaw gateway already running there (its
 * /healthz answers as one), or another program. Doctor says which; a second start says so too.
 */
import { request } from "node:http";

/** The address a gateway listening on `host` is reached at from here: every interface (`--bind lan`) at 127.0.0.1. */
export function localAddressOf(host: string): string {
  return host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
}

/** Who holds a port in use: an openclaw gateway (its /healthz answers) or another program. */
export function portHolder(
  host: string,
  port: number,
  timeoutMs: number,
): Promise<"gateway" | "other"> {
  const target = localAddressOf(host);
  return new Promise((resolve) => {
    const req = request(
      { host: target, port, path: "/healthz", method: "GET", timeout: timeoutMs },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          if (body.length < 4096) body += chunk;
        });
        res.on("end", () => resolve(/"status":"(ok|draining)"/.test(body) ? "gateway" : "other"));
      },
    );
    req.on("timeout", () => {
      req.destroy();
      resolve("other");
    });
    req.on("error", () => resolve("other"));
    req.end();
  });
}
