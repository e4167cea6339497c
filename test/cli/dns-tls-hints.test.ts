/**
 * A provider whose host name does not resolve, or whose TLS certificate is not trusted: the error
 * says which of the two it is in words (the code kept at the end), and the hint names what to
 * check for that failure (the baseUrl and its file:line, DNS, NODE_EXTRA_CA_CERTS) instead of the
 * catch-all "check the network, any proxy". Runs the built CLI against a loopback https server.
 */
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { moonshotStateAt } from "../helpers/moonshot-at.js";

const fixtures = join(import.meta.dirname, "..", "fixtures", "tls");

const unwrapped = (text: string) => text.replace(/\n\s+/g, " ");
const STACK_LINE = /^\s+at .+:\d+:\d+\)?$/m;

describe("a provider that cannot be reached because of DNS or TLS", () => {
  let server: Server;
  let port = 0;
  /** TLS connections the server was asked for (each try of the client is one). */
  let connections = 0;
  beforeAll(async () => {
    // A certificate this machine has no reason to trust (the test fixture's own).
    server = createServer(
      {
        cert: readFileSync(join(fixtures, "cert.pem")),
        key: readFileSync(join(fixtures, "key.pem")),
      },
      (_request, response) => response.end("{}"),
    );
    server.on("connection", () => {
      connections++;
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("an untrusted certificate: said so, and NODE_EXTRA_CA_CERTS is the hint", async () => {
    const state = moonshotStateAt(`https://127.0.0.1:${port}/v1`);
    const before = connections;
    const run = await state.run(["agent", "-m", "hi"]);
    expect(run.code).toBe(1);
    // Tried once: the same certificate fails every try, so no "retrying … (attempt 2)" wait.
    expect(connections - before).toBe(1);
    expect(run.stderr).not.toContain("retrying");
    const stderr = unwrapped(run.stderr);
    expect(stderr).toMatch(
      /connection failed before the response: its TLS certificate is not trusted: [a-z -]+ \([A-Z_]+\)/,
    );
    expect(stderr).toContain(
      `hint: the certificate 127.0.0.1:${port} presented is not trusted: if a proxy or firewall on the way inspects TLS, or the server uses a private CA, set NODE_EXTRA_CA_CERTS to that CA's PEM file; otherwise check the address in models.providers.moonshot.baseUrl (${state.configPath}:4)`,
    );
    expect(run.stderr).not.toMatch(STACK_LINE);
  });

  it("a host name that does not resolve: said so, and the hint names the baseUrl and DNS", async () => {
    // .invalid never resolves (RFC 6761); without a network the lookup fails at once too.
    const state = moonshotStateAt("https://api.moonshot-h10.invalid/v1");
    const run = await state.run(["agent", "-m", "hi"]);
    expect(run.code).toBe(1);
    const stderr = unwrapped(run.stderr);
    // A name DNS says does not exist is not retried; a lookup that failed for now is.
    if (stderr.includes("ENOTFOUND")) expect(stderr).not.toContain("retrying");
    expect(stderr).toMatch(
      /connection failed before the response: the (host name was not found in DNS \(ENOTFOUND\)|DNS lookup of the host name failed for now \(EAI_AGAIN\))/,
    );
    expect(stderr).toContain(
      `hint: api.moonshot-h10.invalid could not be looked up in DNS: check the host name in models.providers.moonshot.baseUrl (${state.configPath}:4), then this machine's network and DNS settings`,
    );
    expect(run.stderr).not.toMatch(STACK_LINE);
  });
});
