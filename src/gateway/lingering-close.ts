/**
 * Closing a connection whose request was refused while its body was still coming (a 413 for a
 * body over the size limit). A client such as the OpenAI SDK sends the whole body before reading
 * the answer; if the gateway closes the socket with the body's bytes still arriving, the kernel
 * answers them with a TCP reset, which can throw away the 413 already sent, and the SDK says
 * "Connection error." instead of the limit. Web servers call the cure a lingering close: shut the
 * sending side after the answer, keep reading (and dropping) what the client still sends, and
 * close once the client is done or a few seconds have passed.
 */
import type { Socket } from "node:net";

/** How long a refused client may go on sending before its connection is cut. */
export const LINGER_MS = 5_000;

/** Sockets answered with a refusal after which they close: nothing more goes out on them. */
const closing = new WeakSet<Socket>();

/**
 * Whether `socket` closes after an answer already given: a request pipelined behind that one
 * (read from the same bytes) would be served, and billed, with no way to send its answer.
 */
export function closesAfterAnswer(socket: Socket): boolean {
  return closing.has(socket);
}

/**
 * Makes node:http's close of `socket` after the answer (its `destroySoon`) a lingering one: the
 * answer is flushed and the sending side shut, the HTTP parser goes on reading and dropping the
 * rest of the body, and the socket is destroyed when the client ends its side or after `ms`.
 */
export function lingerWhenClosing(socket: Socket | null, ms: number = LINGER_MS): void {
  if (socket === null || socket.destroyed) return;
  closing.add(socket);
  socket.destroySoon = function lingeringClose(this: Socket): void {
    const cut = setTimeout(() => this.destroy(), ms);
    cut.unref();
    this.once("close", () => clearTimeout(cut));
    // The client read the answer and closed (or half-closed) its side: nothing more will come.
    this.once("end", () => this.destroy());
    if (this.writable) this.end();
  };
}
