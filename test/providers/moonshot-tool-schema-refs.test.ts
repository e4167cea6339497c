import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adaptToMoonshotSchema } from "../../src/providers/moonshot-tool-schema.js";
import type { JsonObject } from "../../src/util/is-record.js";
import { moonshotModel } from "../helpers/models.js";
import { type Simulator, startSimulator } from "../simulator/index.js";
import { checkToolParameters } from "../simulator/validate.js";
import { collect, doneOf, testTransport } from "./transport-helpers.js";

/**
 * `levels` definitions, each an object whose properties `a` and `b` both point to the next with
 * a default beside the reference, as Pydantic v2 writes a field whose default is a model
 * (`{"$ref": "#/$defs/D1", "default": {}}`); copying each target in place doubles per level.
 */
function doublingChain(levels: number): JsonObject {
  const $defs: JsonObject = {};
  for (let i = 0; i < levels; i++) {
    const next = { $ref: `#/$defs/D${i + 1}`, default: {} };
    $defs[`D${i}`] = {
      type: "object",
      properties: i === levels - 1 ? { v: { type: "string" } } : { a: next, b: { ...next } },
    };
  }
  return { type: "object", properties: { root: { $ref: "#/$defs/D0" } }, $defs };
}

const size = (schema: unknown) => JSON.stringify(schema).length;

describe("$refs with keywords beside them, nested in their own targets", () => {
  it("keep the rewritten schema linear in the input's size, not doubling at every level", () => {
    // Before, 14 levels came out at 2.4 MB (1.7 KB in), 16 at 9.8 MB, and 20 took the memory.
    const small = doublingChain(14);
    const smallOut = adaptToMoonshotSchema(small);
    expect(size(smallOut.schema)).toBeLessThan(40 * size(small));
    expect(smallOut.changes.length).toBeLessThan(1000);
    // Past the copies' allowance each level adds about what it adds to the input.
    const large = doublingChain(56);
    const largeOut = adaptToMoonshotSchema(large);
    expect(size(largeOut.schema) - size(smallOut.schema)).toBeLessThan(
      2 * (size(large) - size(small)),
    );
    expect(checkToolParameters(largeOut.schema)).toBeUndefined();
  });

  it("keeps a reference not copied as an anyOf of it with the keywords beside, which Moonshot accepts", () => {
    const once = adaptToMoonshotSchema(doublingChain(20));
    expect(checkToolParameters(once.schema)).toBeUndefined();
    const defs = once.schema.$defs as Record<string, JsonObject>;
    // The definitions themselves are all there, each reference's default in its description
    // (Moonshot takes no default beside an anyOf).
    expect(defs.D18?.properties).toEqual({
      a: { description: "Default {}.", anyOf: [{ $ref: "#/$defs/D19" }] },
      b: { description: "Default {}.", anyOf: [{ $ref: "#/$defs/D19" }] },
    });
    expect(defs.D19).toEqual({
      type: "object",
      properties: { v: { type: "string" } },
      required: [],
    });
    expect(once.changes).toContainEqual(
      "$defs.D18.properties.a: $ref #/$defs/D19 sent as anyOf [#/$defs/D19], description beside it, its default said in the description, not replaced by its target (copies of targets already add 1000 nodes) (Moonshot takes no keyword but a description its target lacks beside a $ref)",
    );
    // The output needs nothing more.
    const twice = adaptToMoonshotSchema(once.schema);
    expect(twice.changes).toEqual([]);
    expect(twice.schema).toEqual(once.schema);
  });

  it("keeps a reference deep inside copies as a reference, so a long chain is walked to its end", () => {
    // One reference per level (no doubling): copies nested 40 deep went past the walk's depth
    // limit, and what lay below was sent unchanged, `$ref` and `default` side by side.
    const $defs: JsonObject = {};
    for (let i = 0; i < 40; i++) {
      $defs[`L${i}`] = {
        type: "object",
        properties: i === 39 ? { v: {} } : { next: { $ref: `#/$defs/L${i + 1}`, default: {} } },
      };
    }
    const parameters = { type: "object", properties: { first: { $ref: "#/$defs/L0" } }, $defs };
    const { schema, changes } = adaptToMoonshotSchema(parameters);
    expect(checkToolParameters(schema)).toBeUndefined();
    expect(changes).toContainEqual(
      `$defs.L0${".properties.next".repeat(16)}: $ref #/$defs/L16 sent as anyOf [#/$defs/L16], description beside it, its default said in the description, not replaced by its target (nested too deep in copies of other targets) (Moonshot takes no keyword but a description its target lacks beside a $ref)`,
    );
    expect(adaptToMoonshotSchema(schema).changes).toEqual([]);
  });

  it("copies a recursive pointer into a definition to $defs under a name Moonshot finds", () => {
    const { schema } = adaptToMoonshotSchema({
      type: "object",
      properties: { tree: { $ref: "#/$defs/Tree" } },
      required: [],
      $defs: {
        Tree: {
          type: "object",
          properties: {
            kids: { type: "array", items: { $ref: "#/$defs/Tree/properties/kids", default: [] } },
          },
          required: [],
        },
      },
    });
    // Before, the kept reference was "#/$defs/Tree/properties/kids": "reference … not found".
    expect(checkToolParameters(schema)).toBeUndefined();
    expect(Object.keys(schema.$defs as JsonObject)).toEqual(["Tree", "kids"]);
    expect(JSON.stringify(schema)).not.toContain("#/$defs/Tree/properties");
  });
});

describe("a kept reference with alternatives beside it", () => {
  // zod's recursive root: "#" always stays a reference (into $defs), keywords beside it kept.
  const tree = (key: "anyOf" | "oneOf"): JsonObject => ({
    type: "object",
    properties: {
      value: { type: "string" },
      kids: {
        type: "array",
        items: {
          $ref: "#",
          description: "a child: a value, kids, or both",
          [key]: [{ required: ["value"] }, { required: ["kids"] }, false],
        },
      },
    },
    required: [],
  });

  it.each(["anyOf", "oneOf"] as const)("keeps the %s, with the reference in each branch", (key) => {
    const { schema, changes } = adaptToMoonshotSchema(tree(key));
    expect(checkToolParameters(schema)).toBeUndefined();
    const kids = (schema.properties as Record<string, JsonObject>).kids;
    // Before, the item was the reference alone: the alternatives and description were gone.
    expect(kids?.items).toEqual({
      description: "a child: a value, kids, or both",
      anyOf: [
        { required: ["value"], anyOf: [{ $ref: "#/$defs/root" }] },
        { required: ["kids"], anyOf: [{ $ref: "#/$defs/root" }] },
      ],
    });
    expect(changes).toContainEqual(
      `properties.kids.items: recursive $ref # sent as #/$defs/root inside each ${key} branch beside it (Moonshot takes no keyword but a description its target lacks beside a $ref)`,
    );
    expect(adaptToMoonshotSchema(schema).changes).toEqual([]);
  });

  it("takes the reference into a branch's own alternatives, and alone where a branch is a $ref", () => {
    const { schema, changes } = adaptToMoonshotSchema({
      type: "object",
      properties: {
        next: {
          $ref: "#",
          anyOf: [{ anyOf: [{ minProperties: 1 }, { maxProperties: 3 }] }, { $ref: "#/$defs/Id" }],
        },
      },
      required: [],
      $defs: { Id: { type: "string" } },
    });
    expect(checkToolParameters(schema)).toBeUndefined();
    const reference = { $ref: "#/$defs/root" };
    expect((schema.properties as JsonObject).next).toEqual({
      anyOf: [
        {
          anyOf: [
            { minProperties: 1, anyOf: [reference] },
            { maxProperties: 3, anyOf: [reference] },
          ],
        },
        { anyOf: [reference] },
      ],
    });
    expect(changes).toContainEqual(
      "properties.next: recursive $ref # sent as #/$defs/root inside each anyOf branch beside it (1 of them, holding a $ref of their own, as #/$defs/root alone) (Moonshot takes no keyword but a description its target lacks beside a $ref)",
    );
  });
});

/** A tool whose `to` points inside a definition, as schemas that reuse one field of another do. */
function pointerIntoDefinition(prefix: "$defs" | "definitions"): JsonObject {
  return {
    type: "object",
    properties: {
      from: { $ref: `#/${prefix}/Trip` },
      to: { $ref: `#/${prefix}/Trip/properties/station` },
    },
    required: ["from", "to"],
    [prefix]: {
      Trip: {
        type: "object",
        properties: { station: { type: "string", enum: ["Beijing", "Shanghai"] } },
        required: ["station"],
      },
    },
  };
}

describe("a $ref alone that points inside a definition", () => {
  it("is replaced by what it points at, which Moonshot accepts", () => {
    const parameters = pointerIntoDefinition("$defs");
    // Moonshot looks up "Trip/properties/station" as one definition's name.
    expect(checkToolParameters(parameters)?.message).toContain(
      "<At path 'properties.to.$ref': reference #/$defs/Trip/properties/station not found>",
    );
    const { schema, changes } = adaptToMoonshotSchema(parameters);
    expect(checkToolParameters(schema)).toBeUndefined();
    expect((schema.properties as JsonObject).to).toEqual({
      type: "string",
      enum: ["Beijing", "Shanghai"],
    });
    // A reference to the whole definition stays one.
    expect((schema.properties as JsonObject).from).toEqual({ $ref: "#/$defs/Trip" });
    expect(changes).toEqual([
      "properties.to: $ref #/$defs/Trip/properties/station replaced by its target (Moonshot expands only references to a whole definition, #/$defs/<name>)",
    ]);
    expect(adaptToMoonshotSchema(schema).changes).toEqual([]);
  });

  it("is replaced the same way when it points into definitions", () => {
    const { schema } = adaptToMoonshotSchema(pointerIntoDefinition("definitions"));
    expect(checkToolParameters(schema)).toBeUndefined();
    expect((schema.properties as JsonObject).to).toEqual({
      type: "string",
      enum: ["Beijing", "Shanghai"],
    });
  });
});

describe("a 20-level chain sent to the simulator", () => {
  let sim: Simulator;
  const { transport, agent } = testTransport();
  beforeAll(async () => {
    sim = await startSimulator();
  });
  afterAll(async () => {
    await agent.close();
    await sim.close();
  });

  it("is accepted, small, and the tool called", async () => {
    sim.script([
      { respond: { reply: { toolCalls: [{ name: "fill", arguments: { root: {} } }] } } },
    ]);
    const tool = {
      type: "function" as const,
      function: { name: "fill", parameters: doublingChain(20) },
    };
    const events = await collect(
      transport,
      moonshotModel("kimi-k2.5", { baseUrl: sim.moonshotBaseUrl }),
      { messages: [{ role: "user", content: "fill it" }], tools: [tool] },
      { apiKey: sim.keys.moonshot },
    );
    expect(doneOf(events).finishReason).toBe("tool_calls");
    const sent = sim.chatRequests()[0]?.body as {
      tools: Array<{ function: { parameters: JsonObject } }>;
    };
    const parameters = sent.tools[0]?.function.parameters;
    expect(checkToolParameters(parameters ?? {})).toBeUndefined();
    expect(size(parameters)).toBeLessThan(100_000);
  });

  it("takes a tool whose $ref points inside a definition, and the tool is called", async () => {
    sim.script([
      {
        respond: {
          reply: { toolCalls: [{ name: "ticket", arguments: { from: {}, to: "Shanghai" } }] },
        },
      },
    ]);
    const tool = {
      type: "function" as const,
      function: { name: "ticket", parameters: pointerIntoDefinition("$defs") },
    };
    const events = await collect(
      transport,
      moonshotModel("kimi-k2.5", { baseUrl: sim.moonshotBaseUrl }),
      { messages: [{ role: "user", content: "a ticket to Shanghai" }], tools: [tool] },
      { apiKey: sim.keys.moonshot },
    );
    expect(doneOf(events).finishReason).toBe("tool_calls");
  });
});
