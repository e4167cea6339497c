import { afterAll, beforeAll, it } from "vitest";
import { GATEWAY_TOKEN, type GatewayEnv, startGatewayEnv } from "../gateway/harness.js";
let env: GatewayEnv;
beforeAll(async () => { env = await startGatewayEnv({ fallbacks: [] }); });
afterAll(async () => { await env.close(); });
it("p", async () => {
  for (const extra of [{ tool_choice: "auto" }, { tool_choice: "none" }, { tools: [] }, { tools: [], tool_choice: "auto" }, { parallel_tool_calls: false }, { stop: [] }]) {
    const r = await fetch(`${env.baseURL}/chat/completions`, { method: "POST", headers: { authorization: `Bearer ${GATEWAY_TOKEN}`, "content-type": "application/json" }, body: JSON.stringify({ model: "moonshot/kimi-k2-turbo-preview", messages: [{ role: "user", content: "hi" }], ...extra }) });
    const t = await r.text();
    const up = env.sim.chatRequests().at(-1)?.body as Record<string, unknown>;
    console.log("R", JSON.stringify(extra), r.status, r.status === 200 ? "" : t.slice(0, 300), "| up:", JSON.stringify({ tc: up?.tool_choice, tools: up?.tools, p: up?.parallel_tool_calls, stop: up?.stop }));
  }
});
