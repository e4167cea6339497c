/**
 * What preparing a request's tools for Moonshot costs: 40 tool schemas shaped like an MCP
 * server's (nested objects, an enum without a type, an any-value property, anyOf items), rewritten
 * to Moonshot's JSON Schema rules — as every request to Moonshot with those tools pays — next to
 * the same schemas once they already comply (nothing to rewrite), and next to a JSON round trip
 * of them (JSON.parse(JSON.stringify(…)), the least a copy of them costs) for scale.
 */
import { adaptToMoonshotSchema } from "../src/providers/moonshot-tool-schema.js";
import type { JsonObject } from "../src/util/is-record.js";
import { medianMs, printTable } from "./table.js";

function mcpLikeSchema(i: number): JsonObject {
  return {
    type: "object",
    properties: {
      path: { type: "string", description: `Path for tool ${i}` },
      mode: { enum: ["read", "write", "append"] },
      options: {
        type: "object",
        properties: {
          recursive: { type: "boolean" },
          depth: { type: "integer", minimum: 0 },
          filters: {
            type: "array",
            items: {
              anyOf: [
                { type: "string" },
                { type: "object", properties: { glob: { type: "string" } } },
              ],
            },
          },
        },
      },
      extra: {},
      count: { type: "number" },
    },
    required: ["path"],
  };
}

const TOOLS = 40;
const RUNS = 200;
const fresh = () => Array.from({ length: TOOLS }, (_, i) => mcpLikeSchema(i));
const raw = fresh();
const compliant = raw.map((schema) => adaptToMoonshotSchema(schema).schema);
const bytes = JSON.stringify(raw).length;

const perRequest = (work: () => void) => medianMs(() => work(), RUNS, 50) * 1000;
const rewriteUs = perRequest(() => {
  for (const schema of raw) adaptToMoonshotSchema(schema);
});
const compliantUs = perRequest(() => {
  for (const schema of compliant) adaptToMoonshotSchema(schema);
});
const roundTripUs = perRequest(() => {
  for (const schema of raw) JSON.parse(JSON.stringify(schema));
});

printTable(
  `tool schemas for Moonshot: ${TOOLS} MCP-like tools (${bytes.toLocaleString("en-US")} bytes of JSON) per request, median of ${RUNS}`,
  ["work", "µs per request", "vs JSON round trip"],
  [
    [
      "rewrite to Moonshot's rules (as sent)",
      rewriteUs,
      `${(rewriteUs / roundTripUs).toFixed(2)}×`,
    ],
    ["check only (already compliant)", compliantUs, `${(compliantUs / roundTripUs).toFixed(2)}×`],
    ["JSON.parse(JSON.stringify()) of them", roundTripUs, "1.00×"],
  ],
);
process.stdout.write(
  '\nA request without tools, or to a provider without compat.toolSchema "moonshot", pays none of this.\n',
);
