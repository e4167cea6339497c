import type { GatewayHttpError } from "./http-error.js";

/**
 * A chat-completions stream's last event when it fails after it began: the error as an `error`
 * chunk after the partial output, as OpenAI sends it. The runtime words a stream that broke
 * (src/providers/stream-break.ts) for any reader, so the message goes as it is. Pure.
 */
export function chatStreamFailure(error: GatewayHttpError): string {
  const { type, param, code } = error;
  const message = error.clientMessage();
  return `data: ${JSON.stringify({ error: { message, type, param, code } })}\n\n`;
}
