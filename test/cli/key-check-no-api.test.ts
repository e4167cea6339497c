/**
 * LM Studio at a base URL without /v1 answers `GET /models` with a 200 and
 * `{"error":"Unexpected endpoint or method. (GET /models)"}`. The key check of onboard, `models
 * scan` and `doctor --probe` read that as a list of no models ("the key works … (0 models
 * available)"), and a gateway's model discovery that it 'listed no models'. Now each says
 * there is no API at the base URL, with the address to set, in the words a chat request to it
 * gets. A real HTTP server answering as LM Studio does.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGateway } from "../../src/index.js";
import { labState, onboardLab } from "../helpers/custom-provider.js";
import { jsonFinding } from "../helpers/doctor-finding.js";
import { freshState } from "../onboard/harness.js";

let server: Server;
let baseUrl: string;
const seen: string[] = [];
beforeAll(async () => {
  server = createServer((request, response) => {
    seen.push(`${request.method} ${request.url}`);
    response.writeHead(200, { "content-type": "application/json" });
    response.end(
      JSON.stringify({
        error: `Unexpected endpoint or method. (${request.method} ${request.url})`,
      }),
    );
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((done) => server.close(done));
});

const LAB_KEY = "lm-studio-key-0001";

/** A state dir whose config has the provider `lab` at the server's address (no /v1). */
const labAtServer = () => labState(baseUrl, LAB_KEY, { id: "qwen3", name: "Qwen3" });

/** What the three commands say of it: no API there, and the address to set. */
const noApi = () =>
  `has no API at its base URL: GET /models answered 200: Unexpected endpoint or method. (GET /models)`;
const advice = () =>
  `is ${baseUrl}, where no API answers: set it to ${baseUrl}/v1 (most OpenAI-compatible APIs are under /v1)`;

describe("a base URL where LM Studio answers GET /models with 200 and no route", () => {
  it("onboard, with a key and without: warns that no API answers there, not '0 models available'", async () => {
    for (const key of [["--custom-api-key", LAB_KEY], []]) {
      const state = freshState();
      const result = await state.run(onboardLab(baseUrl, "qwen3", ...key));
      const said = result.stdout + result.stderr;
      expect(said).not.toContain("available");
      expect(said).toContain(
        key.length > 0
          ? `lab (${baseUrl}) ${noApi()}`
          : `lab (${baseUrl}) has no API at its base URL: GET /models without a key answered 200: Unexpected endpoint or method. (GET /models)`,
      );
      expect(said).toContain(`the base URL ${advice()}`);
    }
  });

  it("models scan: fails for that provider, saying so and giving the command that sets the address", async () => {
    const result = await labAtServer().run(["models", "scan"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `failed: ${baseUrl} ${noApi()}; models.providers.lab.baseUrl ${advice()}: openclaw config set 'models.providers.lab.baseUrl' '${baseUrl}/v1'`,
    );
  });

  it("doctor --probe: the probe fails, saying so, not that the key works", async () => {
    const result = await labAtServer().run(["doctor", "--probe", "--json"]);
    expect(result.code).toBe(1);
    const probe = (
      JSON.parse(result.stdout) as {
        findings: { check: string; level: string; message: string; hint?: string }[];
      }
    ).findings.find((finding) => finding.check === "probe");
    expect(probe).toEqual(
      jsonFinding({
        check: "probe",
        level: "fail",
        message: `lab: ${baseUrl} ${noApi()}`,
        hint: `the key could not be verified: models.providers.lab.baseUrl ${advice()}: openclaw config set 'models.providers.lab.baseUrl' '${baseUrl}/v1'`,
      }),
    );
    expect(seen).toContain("GET /models");
  });

  it("a gateway's model discovery: says no API answers there, with the address to set", async () => {
    const state = labAtServer();
    const lines: string[] = [];
    let discovered!: () => void;
    const done = new Promise<void>((resolve) => {
      discovered = resolve;
    });
    const gateway = await startGateway({
      port: 0,
      watch: false,
      env: { OPENCLAW_STATE_DIR: state.dir },
      log: (line) => lines.push(line),
      onDiscovery: () => discovered(),
    });
    try {
      await done;
      expect(lines).toContain(
        `gateway: could not read the models lab serves (GET ${baseUrl}/models: answered 200: Unexpected endpoint or method. (GET /models); models.providers.lab.baseUrl ${advice()}: openclaw config set 'models.providers.lab.baseUrl' '${baseUrl}/v1'); /v1/models lists its configured models as they are`,
      );
    } finally {
      await gateway.close(1000);
    }
  });
});
