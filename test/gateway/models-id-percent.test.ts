/**
 * `GET /v1/models/{id}` for a model whose id holds a "%" (a config's model ids are any text),
 * sent as written, unencoded, as a client building the path from the id does. The gateway
 * decoded the path and answered a "%" that begins no escape with a 400 "not valid
 * percent-encoding", so the model the list showed could not be looked up. Sent so, the id is
 * taken as written; percent-encoded it is found as before.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customProvider } from "../helpers/custom-provider-entry.js";
import { GATEWAY_TOKEN, type GatewayEnv, startGatewayEnv } from "./harness.js";

const ID = "qwen3-q4-50%";

describe("GET /v1/models/{id} with a % in the id", () => {
  let env: GatewayEnv;
  beforeAll(async () => {
    env = await startGatewayEnv({
      extraProviders: {
        lab: customProvider([{ id: ID, name: "Qwen3 half", input: ["text"] }], {
          authHeader: false,
        }),
      },
    });
  });
  afterAll(async () => {
    await env?.close();
  });

  const get = (path: string) =>
    fetch(`${env.gateway.url}${path}`, { headers: { authorization: `Bearer ${GATEWAY_TOKEN}` } });

  it("finds the model sent unencoded, as the list names it", async () => {
    const list = (await (await get("/v1/models")).json()) as { data: { id: string }[] };
    expect(list.data.map((model) => model.id)).toContain(`lab/${ID}`);
    const response = await get(`/v1/models/lab/${ID}`);
    const text = await response.text();
    expect(response.status, text).toBe(200);
    expect(JSON.parse(text)).toMatchObject({ id: `lab/${ID}` });
  });

  it("finds it percent-encoded too", async () => {
    const response = await get(`/v1/models/${encodeURIComponent(`lab/${ID}`)}`);
    expect(response.status).toBe(200);
  });

  it("answers an unknown id with a % with the 404 of an unknown model", async () => {
    const response = await get("/v1/models/lab/qwen3-99%");
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(response.status).toBe(404);
    expect(body.error.code).toBe("model_not_found");
    expect(body.error.message).not.toContain("percent-encoding");
  });
});
