/** One chat request to a gateway that asks for no token, as a client sends it over a socket. */

/** How the gateway answered: its status, and its error's code and message (empty when none). */
export interface ChatAnswer {
  status: number;
  code: string;
  message: string;
}

/** Asks `model` "Hi" at `gateway`'s /v1/chat/completions and reads the answer to its end. */
export async function askGateway(
  gateway: { url: string },
  model = "moonshot/kimi-k2.5",
): Promise<ChatAnswer> {
  const response = await fetch(`${gateway.url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model, messages: [{ role: "user", content: "Hi" }] }),
  });
  const body = (await response.json()) as { error?: { code?: string; message?: string } };
  return {
    status: response.status,
    code: body.error?.code ?? "",
    message: body.error?.message ?? "",
  };
}
