/**
 * Closing a connection whose request was refused while its body was still coming (a 413 for a
 * body over the size limit). A client such as the OpenAI SDK sends the whole body before reading
 * the answer; if the gateway closes the socket with the body's bytes still arriving, the kernel
 * answers them with a TCP reset, which can throw away the 413 already sent, and the SDK says
 * "Connection error." instead of the limit. Web servers call the cure a lingering close: shut the
 * sending side after the answer, keep reading (and dropping) what the client still sends, and
 * close once the client is done or a few seconds have passed.
 *
 * Every answer that closes its connection (that 413, the no-token 403, a refused
 * `Expect: 100-continue`, any answer while draining) is remembered here by its request's place on
 * the connection, so that a request pipelined behind it is not served for an answer it never gets.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";

/** How long a refused client may go on sending before its connection is cut. */
export const LINGER_MS = 5_000;

/** Each request's place on its connection: 1 for the first one read from it, then 2, 3… */
const placeOnConnection = new WeakMap<IncomingMessage, number>();
const requestsRead = new WeakMap<Socket, number>();
/** Per connection, the places of the requests whose answer closes it. */
const closingPlaces = new WeakMap<Socket, Set<number>>();

/**
 * Notes `req` as the latest request read from its connection. Node hands requests over in the
 * order it reads them, pipelined ones too, so this is called first thing for each.
 */
export function noteRequestRead(req: IncomingMessage): number {
  const known = placeOnConnection.get(req);
  if (known !== undefined) return known;
  const place = (requestsRead.get(req.socket) ?? 0) + 1;
  requestsRead.set(req.socket, place);
  placeOnConnection.set(req, place);
  return place;
}

/**
 * Makes the answer `res` a closing one (`connection: close`), and remembers that the connection
 * ends with it: a request pipelined behind it must not be served (see `closesBeforeAnswering`).
 */
export function closeAfterAnswer(res: ServerResponse): void {
  if (!res.headersSent) res.setHeader("connection", "close");
  const socket = res.req.socket;
  const places = closingPlaces.get(socket) ?? new Set<number>();
  places.add(noteRequestRead(res.req));
  closingPlaces.set(socket, places);
}

/** Undoes `closeAfterAnswer` (a client waiting on `Expect: 100-continue` is let in after all). */
export function keepConnectionAfterAnswer(res: ServerResponse): void {
  if (!res.headersSent) res.removeHeader("connection");
  closingPlaces.get(res.req.socket)?.delete(noteRequestRead(res.req));
}

/**
 * Whether `req` was read behind a request whose answer closes the connection: its own answer
 * could never be sent, so serving it (an upstream call, billed) would be for nothing. Requests
 * read before that one are answered first and are not concerned.
 */
export function closesBeforeAnswering(req: IncomingMessage): boolean {
  const places = closingPlaces.get(req.socket);
  if (places === undefined || places.size === 0) return false;
  const place = noteRequestRead(req);
  for (const closing of places) if (closing < place) return true;
  return false;
}

/**
 * Makes node:http's close of `socket` after the answer (its `destroySoon`) a lingering one: the
 * answer is flushed and the sending side shut, the HTTP parser goes on reading and dropping the
 * rest of the body, and the socket is destroyed when the client ends its side or after `ms`.
 */
export function lingerWhenClosing(socket: Socket | null, ms: number = LINGER_MS): void {
  if (socket === null || socket.destroyed) return;
  socket.destroySoon = function lingeringClose(this: Socket): void {
    const cut = setTimeout(() => this.destroy(), ms);
    cut.unref();
    this.once("close", () => clearTimeout(cut));
    // The client read the answer and closed (or half-closed) its side: nothing more will come.
    this.once("end", () => this.destroy());
    if (this.writable) this.end();
  };
}
