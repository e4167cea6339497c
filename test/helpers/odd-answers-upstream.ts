/**
 * A loopback server that answers as things other than an API do at a base URL, chosen by the
 * path's first segment: `/caddy/…` Caddy's empty 200 (no route matched), `/api-gateway/…` AWS API
 * Gateway's 403 "Missing Authentication Token" (no route, whatever the key), any other
 * (`/portal/…`) a captive portal's sign-in page titled "Guest Wi-Fi Login".
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll } from "vitest";

const PORTAL_PAGE =
  '<!DOCTYPE html><html><head><title>Guest Wi-Fi Login</title></head><body><form action="/login">Accept the terms</form></body></html>';

export interface OddAnswersUpstream {
  /** `http://127.0.0.1:<port>`; a base URL is `${origin}/<kind>/v1`. */
  readonly origin: string;
  /** The requests to …/chat/completions answered under `/<kind>/` so far. */
  chats(kind: string): number;
}

/**
 * Registers the hooks in the calling scope: the server listens before its tests and closes after
 * them. Read the answer's `origin` and `chats` inside tests and hooks only.
 */
export function useOddAnswersUpstream(): OddAnswersUpstream {
  let server: Server | undefined;
  let origin: string | undefined;
  const chats = new Map<string, number>();
  beforeAll(async () => {
    server = createServer((request, response) => {
      request.resume();
      request.on("end", () => {
        const kind = (request.url ?? "").split("/")[1] ?? "";
        if (request.url?.endsWith("/chat/completions")) chats.set(kind, (chats.get(kind) ?? 0) + 1);
        if (kind === "caddy") {
          response.writeHead(200);
          response.end();
        } else if (kind === "api-gateway") {
          response.writeHead(403, {
            "content-type": "application/json",
            "x-amzn-errortype": "MissingAuthenticationTokenException",
          });
          response.end(JSON.stringify({ message: "Missing Authentication Token" }));
        } else {
          response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
          response.end(PORTAL_PAGE);
        }
      });
    });
    const listening = server;
    await new Promise<void>((done) => listening.listen(0, "127.0.0.1", done));
    origin = `http://127.0.0.1:${(listening.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    const listening = server;
    if (listening) await new Promise((done) => listening.close(done));
  });
  return {
    get origin() {
      if (!origin) throw new Error("the upstream starts in beforeAll: read origin inside a test");
      return origin;
    },
    chats: (kind) => chats.get(kind) ?? 0,
  };
}
