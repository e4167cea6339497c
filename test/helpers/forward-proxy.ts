/**
 * A forward HTTP proxy on loopback, as corporate networks run them: CONNECT tunnels for https
 * and absolute-URL requests for http, optionally behind a login. Every host name it is asked
 * for is sent to 127.0.0.1 (the port is kept), so tests can use real upstream names.
 */
import { createServer, type IncomingMessage, request, type Server } from "node:http";
import { type AddressInfo, connect, type Socket } from "node:net";

export interface ProxyVisit {
  method: string;
  /** `host:port` for CONNECT, the absolute URL otherwise. */
  target: string;
  authorization: string | undefined;
}

export interface ForwardProxy {
  url: string;
  port: number;
  visits: ProxyVisit[];
  /** Tunnels currently open. */
  openTunnels(): number;
  close(): Promise<void>;
}

export async function startForwardProxy(options: { login?: string } = {}): Promise<ForwardProxy> {
  const expected = options.login
    ? `Basic ${Buffer.from(options.login).toString("base64")}`
    : undefined;
  const visits: ProxyVisit[] = [];
  const sockets = new Set<Socket>();
  let tunnels = 0;
  const allowed = (req: IncomingMessage): boolean =>
    expected === undefined || req.headers["proxy-authorization"] === expected;

  const server: Server = createServer((req, res) => {
    visits.push({
      method: req.method ?? "",
      target: req.url ?? "",
      authorization: req.headers["proxy-authorization"],
    });
    if (!allowed(req)) {
      res.writeHead(407, { "proxy-authenticate": 'Basic realm="test"', "content-length": 0 });
      res.end();
      return;
    }
    const url = new URL(req.url ?? "");
    const headers = { ...req.headers };
    delete headers["proxy-authorization"];
    const upstream = request(
      {
        host: "127.0.0.1",
        port: url.port || 80,
        path: `${url.pathname}${url.search}`,
        method: req.method,
        headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.on("connect", (req: IncomingMessage, client: Socket, head: Buffer) => {
    const target = req.url ?? "";
    visits.push({ method: "CONNECT", target, authorization: req.headers["proxy-authorization"] });
    client.on("error", () => {});
    if (!allowed(req)) {
      client.end(
        'HTTP/1.1 407 Proxy Authentication Required\r\nproxy-authenticate: Basic realm="test"\r\ncontent-length: 0\r\n\r\n',
      );
      return;
    }
    const port = Number(target.slice(target.lastIndexOf(":") + 1));
    let counted = false;
    const upstream = connect({ host: "127.0.0.1", port }, () => {
      counted = true;
      tunnels++;
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on("error", () => client.destroy());
    upstream.on("close", () => {
      if (counted) tunnels--;
      client.destroy();
    });
    client.on("close", () => {
      if (!upstream.destroyed) upstream.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    visits,
    openTunnels: () => tunnels,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
