/**
 * The floor for the gateway benchmark: the least any Node gateway can do per request. A node:http
 * server that checks nothing and maps nothing; it reads the body, sends it on through the same
 * keep-alive client our gateway uses, and answers with what came back (a JSON answer parsed and
 * written again, as reading its usage needs; a stream relayed chunk by chunk). Whatever our
 * gateway costs above this is our own logic; what this costs is the platform on this machine.
 * Run as its own process with `UPSTREAM=http://127.0.0.1:<port>`; prints `port=<n>` when ready.
 */
import { createServer } from "node:http";
import { Http1Pool } from "../src/providers/http1-pool.js";

const upstream = process.env.UPSTREAM ?? "";
const pool = new Http1Pool();

const server = createServer({ noDelay: true }, (req, res) => {
  const parts: Buffer[] = [];
  req.on("data", (part: Buffer) => parts.push(part));
  req.on("end", () => {
    const body = Buffer.concat(parts).toString("utf8");
    const stream = (JSON.parse(body) as { stream?: boolean }).stream === true;
    const answer: Buffer[] = [];
    pool.dispatch(
      {
        origin: upstream,
        path: "/v1/chat/completions",
        method: "POST",
        headers: {
          "content-type": "application/json",
          authorization: req.headers.authorization ?? "",
        },
        body,
      },
      {
        onHeaders(status) {
          if (stream) res.writeHead(status, { "content-type": "text/event-stream" });
          return true;
        },
        onData(part) {
          if (stream) res.write(part);
          else answer.push(part);
          return true;
        },
        onComplete() {
          if (stream) {
            res.end();
            return;
          }
          const text = JSON.stringify(JSON.parse(Buffer.concat(answer).toString("utf8")));
          res.writeHead(200, {
            "content-type": "application/json",
            "content-length": Buffer.byteLength(text),
          });
          res.end(text);
        },
        onError(error) {
          if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
          res.end(error.message);
        },
      },
    );
  });
});

server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(`port=${typeof address === "object" && address ? address.port : 0}\n`);
});
