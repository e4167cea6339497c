/**
 * Room for a new client at the connection cap. Where the open-files limit is low the gateway
 * accepts only so many client connections (open-files.ts), and it keeps an idle one open 65 s for
 * its next request (gateway.limits.keepAliveTimeoutMs, longer than the pools in front keep theirs).
 * Clients holding idle connections could fill the cap, and Node then closed every new client on
 * arrival while those sockets sat unused. Here a client past the cap takes the place of the idle
 * connection used least recently; only when none is idle is the new client closed, as Node did.
 */
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Socket } from "node:net";

interface ConnectionUse {
  /** The latest answer on the connection: idle once it is sent whole. */
  answer: ServerResponse | undefined;
  /** When its latest request came, on a request counter (no clock read per request). */
  lastRequest: number;
}

export interface ConnectionRoom {
  /** Notes a request as it is read; called for each one, so it stores two fields and no more. */
  noteRequest(req: IncomingMessage, res: ServerResponse): void;
}

/** Kept within V8's small integers, so that storing it never allocates; wraps after ~10⁹ requests. */
const COUNTER_MASK = 0x3fffffff;

/**
 * Caps `server` at `maxConnections` client connections, making room for a new one by closing the
 * idle connection used least recently: one whose latest answer was sent whole, ranked by when its
 * latest request came. A connection whose request (its head read whole) is being read or answered
 * is never closed for it. One whose client has begun, but not finished, sending the head of its
 * next request looks idle: it meets the same close the keep-alive timeout can give it.
 */
export function makeRoomAtConnectionCap(server: Server, maxConnections: number): ConnectionRoom {
  const uses = new Map<Socket, ConnectionUse>();
  let requests = 0;

  function forget(this: Socket): void {
    uses.delete(this);
  }

  /** Closes the idle connection used least recently; false when every one is busy (or new). */
  function closeLongestIdle(): boolean {
    let oldest: Socket | undefined;
    let oldestRequest = Number.POSITIVE_INFINITY;
    for (const [socket, use] of uses) {
      if (use.answer === undefined || !use.answer.writableFinished) continue;
      if (use.lastRequest < oldestRequest) {
        oldest = socket;
        oldestRequest = use.lastRequest;
      }
    }
    if (oldest === undefined) return false;
    uses.delete(oldest);
    oldest.destroy();
    return true;
  }

  // One over the cap, so that Node hands over the client that would be one too many instead of
  // closing it unseen: it stays if an idle connection makes room, else it is closed here.
  server.maxConnections = maxConnections + 1;
  server.on("connection", (socket: Socket) => {
    uses.set(socket, { answer: undefined, lastRequest: 0 });
    socket.once("close", forget);
    if (uses.size <= maxConnections || closeLongestIdle()) return;
    uses.delete(socket);
    socket.destroy();
  });

  return {
    noteRequest(req, res) {
      const use = uses.get(req.socket);
      if (use === undefined) return;
      use.answer = res;
      requests = (requests + 1) & COUNTER_MASK;
      use.lastRequest = requests;
    },
  };
}
