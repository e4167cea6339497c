/**
 * Ctrl-C while `models status --probe`, `doctor --probe` or `models scan` waits on a provider
 * that does not answer: the command ends by the signal, as before, and its spinner's frame
 * (`⠙ trying the keys with the providers…`) no longer stays on the screen with the shell's prompt
 * after it. The built CLI in a real terminal; the provider is a local socket that never answers.
 */
import { createServer, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { moonshotStateAt } from "../helpers/moonshot-at.js";
import { CTRL_C, startTerminal } from "../helpers/pty.js";

let silent: Server;
let baseUrl: string;
const sockets: Socket[] = [];

beforeAll(async () => {
  // Takes every connection and never answers: a probe waits until Ctrl-C.
  silent = createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  const address = silent.address();
  const port = typeof address === "object" && address ? address.port : 0;
  baseUrl = `http://127.0.0.1:${port}/v1`;
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => silent.close(() => resolve()));
});

const SIGINT = 2;

describe("Ctrl-C while a spinner waits on the network", () => {
  for (const { args, label } of [
    { args: ["models", "status", "--probe"], label: "trying the keys with the providers…" },
    { args: ["doctor", "--probe"], label: "checking keys with the providers…" },
    { args: ["models", "scan"], label: "Asking moonshot for their models…" },
  ]) {
    it(`openclaw ${args.join(" ")}: the spinner's line is erased, the command ends by SIGINT`, async () => {
      const state = moonshotStateAt(baseUrl);
      const term = startTerminal(args, { env: state.env, cols: 100 });
      try {
        await term.waitFor(label);
        term.write(CTRL_C);
        const ended = await term.ended;
        // Killed by the signal, as a command with no handler of its own is (the shell's 130).
        expect(ended.signal === SIGINT || ended.code === 130).toBe(true);
        // The terminal may report the exit before it has handed over the last bytes written (the
        // erase): its output is read until the label goes, for a bounded while.
        for (let tries = 0; tries < 150 && term.shown().includes(label); tries++)
          await new Promise((resolve) => setTimeout(resolve, 20));
      } finally {
        term.kill();
      }
      expect(term.shown()).not.toContain(label);
    });
  }
});
