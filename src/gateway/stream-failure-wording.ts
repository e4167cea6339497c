import type { GatewayHttpError } from "./http-error.js";

/**
 * A failure after a stream began, worded for an API client. The runtime words it for a terminal,
 * where what arrived is "shown above" and a connection that broke mid-answer "could not be
 * reached"; an API client reads it in an `error` event or chunk, after the partial output. Pure.
 */
export function streamFailureWording(message: string): string {
  return message
    .replace(
      /could not be reached for model (\S+): connection failed after (\d+) events of the answer/,
      "connection broke for model $1 after $2 events of the answer",
    )
    .replace(
      "what was received so far is shown above",
      "the output streamed before this error is partial",
    );
}

/** A chat-completions stream's last event when it fails after it began, worded as above. */
export function chatStreamFailure(error: GatewayHttpError): string {
  const { message, type, param, code } = error;
  const said = { message: streamFailureWording(message), type, param, code };
  return `data: ${JSON.stringify({ error: said })}\n\n`;
}
