import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { adaptToMoonshotSchema } from "../../src/providers/moonshot-tool-schema.js";
import type { JsonObject } from "../../src/util/is-record.js";
import { checkToolParameters } from "../simulator/validate.js";

function adapt(schema: JsonObject) {
  const before = JSON.stringify(schema);
  const result = adaptToMoonshotSchema(schema);
  expect(JSON.stringify(schema)).toBe(before); // the caller's schema is never modified
  return result;
}

/** `{"if": {"required": [given]}, "then": {"required": [needed]}}`. */
function conditional(given: string, needed: string): JsonObject {
  return JSON.parse(
    `{"if": {"required": ["${given}"]}, "then": {"required": ["${needed}"]}}`,
  ) as JsonObject;
}

/** The adapted schema of one property `p`. */
function adaptedProperty(property: JsonObject): unknown {
  const { schema } = adapt({ type: "object", properties: { p: property }, required: [] });
  return (schema.properties as JsonObject).p;
}

describe("adaptToMoonshotSchema", () => {
  it("says a default beside anyOf in the description (Moonshot refuses it there), tool parameters too", () => {
    const optional = {
      anyOf: [{ type: "string" }, { type: "null" }],
      default: null,
      title: "Note",
    };
    const parameters = { type: "object", properties: { note: optional }, required: [] };
    expect(checkToolParameters(parameters)?.message).toContain(
      "<At path 'properties.note': keyword 'default' is not allowed at the same level as anyOf>",
    );
    const result = adapt(parameters);
    expect((result.schema.properties as JsonObject).note).toEqual({
      anyOf: [{ type: "string" }, { type: "null" }],
      title: "Note",
      description: "Default null.",
    });
    expect(result.changes).toEqual([
      "properties.note: default null beside anyOf said in the description (Moonshot takes only a description and a title there)",
    ]);
    expect(checkToolParameters(result.schema)).toBeUndefined();
    const described = adaptedProperty({ ...optional, description: "A note", default: "none" });
    expect((described as JsonObject).description).toBe('A note (default "none")');
  });

  it("returns a schema Moonshot already accepts as the same object, with no changes", () => {
    const schema = {
      type: "object",
      properties: {
        city: { type: "string", description: "City name" },
        days: { type: "array", items: { type: "integer" } },
        unit: { anyOf: [{ type: "string", enum: ["c", "f"] }, { type: "null" }] },
      },
      required: ["city"],
    };
    const result = adapt(schema);
    expect(result.schema).toBe(schema);
    expect(result.changes).toEqual([]);
    expect(checkToolParameters(schema)).toBeUndefined();
  });

  it.each([
    ["an enum of strings", { enum: ["a", "b"] }, "string"],
    ["an enum of integers", { enum: [1, 2] }, "integer"],
    ["an enum of numbers", { enum: [1, 2.5] }, "number"],
    ["a const", { const: true }, "boolean"],
    ["properties", { properties: { x: { type: "string" } } }, "object"],
    ["items", { items: { type: "string" } }, "array"],
    ["a pattern", { pattern: "^[a-z]+$" }, "string"],
    ["a minimum", { minimum: 0 }, "number"],
    ["nothing at all (any value)", {}, "string"],
    ["only a description", { description: "anything" }, "string"],
  ])("types a property from %s", (_what, property, type) => {
    expect((adaptedProperty(property) as JsonObject).type).toBe(type);
  });

  it("replaces boolean schemas, which Moonshot refuses: true by any value, a false property by leaving it out", () => {
    // The shape of oh-my-pi's task tool (#5952): `"outputSchema": true` inside an array's items.
    const parameters = {
      type: "object",
      properties: {
        tasks: {
          type: "array",
          items: {
            type: "object",
            properties: { prompt: { type: "string" }, outputSchema: true, legacy: false },
            required: ["prompt", "legacy"],
          },
        },
      },
      required: ["tasks"],
    };
    expect(checkToolParameters(parameters)?.message).toContain(
      "<At path 'properties.tasks.items.properties': property schema for 'outputSchema' must be an object>",
    );
    const result = adapt(parameters);
    const items = ((result.schema.properties as JsonObject).tasks as JsonObject).items;
    expect(items).toEqual({
      type: "object",
      properties: { prompt: { type: "string" }, outputSchema: { type: "string" } },
      required: ["prompt"],
    });
    expect(result.changes).toEqual([
      "properties.tasks.items.properties.outputSchema: schema true (any value) sent as {}",
      'properties.tasks.items.properties.outputSchema: typed as "string"',
      "properties.tasks.items.properties.legacy: schema false (never given) left out",
      'properties.tasks.items: required ["legacy"] left out (not among the object\'s properties)',
    ]);
    expect(checkToolParameters(result.schema)).toBeUndefined();
  });

  it("sends items as one schema: true as any value, false left out, a draft-7 list as anyOf", () => {
    expect(adaptedProperty({ type: "array", items: true })).toEqual({
      type: "array",
      items: { type: "string" },
    });
    expect(adaptedProperty({ type: "array", items: false })).toEqual({ type: "array" });
    const tuple = { type: "array", items: [{ type: "string" }, { type: "integer" }] };
    expect(
      checkToolParameters({ type: "object", properties: { p: tuple }, required: [] })?.message,
    ).toContain("<At path 'properties.p.items': items must be an object>");
    expect(adaptedProperty(tuple)).toEqual({
      type: "array",
      items: { anyOf: [{ type: "string" }, { type: "integer" }] },
    });
    expect(adaptedProperty({ type: "array", items: [{ type: "string" }] })).toEqual({
      type: "array",
      items: { type: "string" },
    });
  });

  it("sends a list of types as anyOf, each branch with the keywords of its type", () => {
    expect(
      adaptedProperty({
        type: ["object", "null"],
        description: "Optional filter",
        properties: { name: { type: "string" } },
        required: ["name"],
        minLength: 2,
      }),
    ).toEqual({
      description: "Optional filter",
      anyOf: [
        { type: "object", properties: { name: { type: "string" } }, required: ["name"] },
        { type: "null" },
      ],
    });
    expect(adaptedProperty({ type: ["string", "integer"], enum: ["a", "b"] })).toEqual({
      anyOf: [{ type: "string", enum: ["a", "b"] }],
    });
    expect(adaptedProperty({ type: ["integer"], minimum: 1 })).toEqual({
      minimum: 1,
      type: "integer",
    });
  });

  it("sends const as a one-value enum, or as its type where an enum cannot hold it", () => {
    // Zod 4's z.literal and discriminated unions: Moonshot's rewrite drops const, not enum.
    expect(adaptedProperty({ type: "string", const: "circle" })).toEqual({
      type: "string",
      enum: ["circle"],
    });
    expect(adaptedProperty({ const: 3 })).toEqual({ enum: [3], type: "integer" });
    // A boolean const is kept in words: Moonshot's enums hold no booleans, and its rewrite
    // drops const, so the model would take false as allowed too (zod's z.literal(true)).
    expect(adaptedProperty({ const: true, description: "Turn it on" })).toEqual({
      description: "Turn it on (always true)",
      type: "boolean",
    });
    expect(adaptedProperty({ type: "boolean", const: false })).toEqual({
      description: "Always false.",
      type: "boolean",
    });
    expect(adaptedProperty({ const: null })).toEqual({ type: "null" });
  });

  it("splits an untyped enum of several types into one enum per type, null kept as a type", () => {
    expect(adaptedProperty({ enum: ["a", "b", null], description: "unit" })).toEqual({
      description: "unit",
      anyOf: [{ type: "string", enum: ["a", "b"] }, { type: "null" }],
    });
    expect(adaptedProperty({ enum: ["auto", 1, 2.5, true] })).toEqual({
      anyOf: [
        { type: "string", enum: ["auto"] },
        { type: "number", enum: [1, 2.5] },
        { type: "boolean", description: "Always true." },
      ],
    });
    expect(adaptedProperty({ enum: ["auto", true, false] })).toEqual({
      anyOf: [{ type: "string", enum: ["auto"] }, { type: "boolean" }],
    });
    expect(adaptedProperty({ type: ["string", "boolean"], enum: ["off", false] })).toEqual({
      anyOf: [
        { type: "string", enum: ["off"] },
        { type: "boolean", description: "Always false." },
      ],
    });
  });

  it("leaves out enum values the type rules out, and an enum that would be empty", () => {
    const result = adapt({
      type: "object",
      properties: {
        unit: { type: "string", enum: ["c", "f", null] },
        count: { type: "integer", enum: [1, 2.5, "3"] },
        never: { type: "boolean", enum: ["yes"] },
        empty: { type: "string", enum: [] },
      },
      required: [],
    });
    expect(result.schema.properties).toEqual({
      unit: { type: "string", enum: ["c", "f"] },
      count: { type: "integer", enum: [1] },
      never: { type: "boolean" },
      empty: { type: "string" },
    });
    expect(result.changes).toEqual([
      'properties.unit: enum values [null] left out (not of type "string")',
      'properties.count: enum values [2.5,"3"] left out (not of type "integer")',
      'properties.never: enum left out (none of its values is of type "boolean")',
      "properties.empty: an empty enum left out",
    ]);
    expect(checkToolParameters(result.schema)).toBeUndefined();
  });

  it("keeps only required names the object declares", () => {
    const result = adapt({
      type: "object",
      properties: { a: { type: "string" } },
      required: ["a", "b"],
    });
    expect(result.schema.required).toEqual(["a"]);
    expect(result.changes).toEqual([
      'root: required ["b"] left out (not among the object\'s properties)',
    ]);
    expect(adaptedProperty({ type: "object", required: ["x"] })).toEqual({
      type: "object",
      required: [],
    });
  });

  it("moves a type beside anyOf into the branches that have none", () => {
    const result = adapt({
      type: "object",
      properties: { when: { type: "string", anyOf: [{ format: "date" }, { pattern: "^T" }] } },
      required: [],
    });
    expect((result.schema.properties as JsonObject).when).toEqual({
      anyOf: [
        { format: "date", type: "string" },
        { pattern: "^T", type: "string" },
      ],
    });
    expect(result.changes).toEqual([
      'properties.when: type "string" moved into the anyOf branches',
    ]);
  });

  it("keeps a type beside anyOf as the intersection: branches of another type go, never widening it", () => {
    const result = adapt({
      type: "object",
      properties: {
        // A value must be a string and match a branch: a number never could.
        c: { type: "string", anyOf: [{ type: "string" }, { type: "number" }] },
        // null is not a string either, whatever the author meant by it.
        when: { type: "string", anyOf: [{ format: "date" }, { type: "null" }] },
        // An integer is a number; a list keeps what the parent allows of it.
        n: { type: "number", anyOf: [{ type: "integer" }, { type: ["string", "number"] }] },
        // A branch with alternatives of its own is narrowed too.
        deep: { type: "string", anyOf: [{ anyOf: [{ type: "string" }, { type: "boolean" }] }] },
        // No branch allows a string: the type stays alone.
        none: { type: "string", anyOf: [{ type: "number" }, { type: "null" }] },
      },
      required: [],
    });
    expect(result.schema.properties).toEqual({
      c: { anyOf: [{ type: "string" }] },
      when: { anyOf: [{ format: "date", type: "string" }] },
      n: { anyOf: [{ type: "integer" }, { type: "number" }] },
      deep: { anyOf: [{ anyOf: [{ type: "string" }] }] },
      none: { type: "string" },
    });
    expect(result.changes).toEqual([
      'properties.c: type "string" moved into the anyOf branches, and 1 branch of another type left out (a value must match both)',
      'properties.when: type "string" moved into the anyOf branches, and 1 branch of another type left out (a value must match both)',
      'properties.n: type "number" moved into the anyOf branches',
      'properties.deep: type "string" moved into the anyOf branches',
      'properties.deep.anyOf[0]: type "string" moved into the anyOf branches, and 1 branch of another type left out (a value must match both)',
      'properties.none: type "string" kept and anyOf left out (none of its branches allows a value of that type)',
    ]);
    expect(checkToolParameters(result.schema)).toBeUndefined();
    // Said once: what the rewrite sends needs nothing more.
    expect(adapt(result.schema).changes).toEqual([]);
  });

  it("sends oneOf as anyOf, and types its branches", () => {
    expect(adaptedProperty({ oneOf: [{ enum: ["x"] }, { minimum: 1 }] })).toEqual({
      anyOf: [
        { enum: ["x"], type: "string" },
        { minimum: 1, type: "number" },
      ],
    });
  });

  it("never types a fragment (not, if/then, parts of an allOf it cannot merge)", () => {
    const property = {
      type: "object",
      properties: { a: { type: "string" }, b: { type: "string" } },
      required: [],
      not: { description: "nothing" },
      // "if a is given, b is required" and the reverse, built from JSON: a `then` key in an
      // object literal reads as a thenable to the linter.
      allOf: [conditional("a", "b"), conditional("b", "a")],
    };
    expect(adaptedProperty(property)).toBe(property);
  });

  it("merges allOf parts that agree into the node, Pydantic's $ref wrapper among them", () => {
    const result = adapt({
      type: "object",
      properties: {
        place: { allOf: [{ $ref: "#/$defs/Place" }], description: "Where to go" },
        both: {
          allOf: [
            { type: "object", properties: { a: { type: "string" } }, required: ["a"] },
            { properties: { b: { type: "integer" } }, required: ["b"] },
          ],
        },
      },
      required: [],
      $defs: { Place: { type: "object", properties: { city: { type: "string" } }, required: [] } },
    });
    const properties = result.schema.properties as JsonObject;
    // Typed by its target, not guessed a string.
    expect(properties.place).toEqual({ $ref: "#/$defs/Place", description: "Where to go" });
    expect(properties.both).toEqual({
      type: "object",
      properties: { a: { type: "string" }, b: { type: "integer" } },
      required: ["a", "b"],
    });
    expect(checkToolParameters(result.schema)).toBeUndefined();
  });

  it("gives every object a required list, and replaces a draft-3 boolean one", () => {
    const result = adapt({
      type: "object",
      properties: { nested: { type: "object", properties: {}, required: true } },
    });
    expect(result.schema.required).toEqual([]);
    expect((result.schema.properties as JsonObject).nested).toEqual({
      type: "object",
      properties: {},
      required: [],
    });
    expect(result.changes).toEqual(["properties.nested: required true sent as []"]);
  });

  it("leaves root alternatives out and names them in the description", () => {
    const result = adapt({
      type: "object",
      description: "Balance sheet.",
      properties: { code: { type: "string" }, year: { type: "integer" } },
      anyOf: [{ required: ["code"] }, { required: ["year"] }],
      required: [],
    });
    expect(result.schema.anyOf).toBeUndefined();
    expect(result.schema.type).toBe("object");
    expect(result.schema.description).toBe("Balance sheet. Needs one of: code, or year.");
    expect(checkToolParameters(result.schema)).toBeUndefined();
    const both = adapt({
      type: "object",
      properties: { a: { type: "string" }, b: { type: "string" } },
      required: [],
      anyOf: [{ required: ["a"] }],
      oneOf: [{ required: ["a", "b"] }, { properties: {} }],
    });
    expect(both.schema).toEqual({
      type: "object",
      properties: { a: { type: "string" }, b: { type: "string" } },
      required: [],
      description: "Needs one of: a.",
    });
  });

  it("sends a root union of objects as one object with every branch's properties", () => {
    // What zod-to-json-schema makes of z.union([z.object({a}), z.object({b, a: number})]).
    const result = adapt({
      anyOf: [
        {
          type: "object",
          properties: { kind: { const: "a" }, a: { type: "string" } },
          required: ["kind", "a"],
          additionalProperties: false,
        },
        { $ref: "#/definitions/B" },
      ],
      definitions: {
        B: {
          type: "object",
          properties: { kind: { const: "b" }, b: { type: "string" }, a: { type: "number" } },
          required: ["kind", "b"],
        },
      },
      type: "object",
    });
    expect(result.schema.anyOf).toBeUndefined();
    expect(result.schema.properties).toEqual({
      kind: {
        anyOf: [
          { type: "string", enum: ["a"] },
          { type: "string", enum: ["b"] },
        ],
      },
      a: { anyOf: [{ type: "string" }, { type: "number" }] },
      b: { type: "string" },
    });
    expect(result.schema.required).toEqual(["kind"]);
    expect(result.schema.description).toBe("Needs one of: kind + a, or kind + b.");
    expect(result.changes[0]).toBe(
      "root: the 2 anyOf branches sent as one object with all their properties, required where every branch requires them (Moonshot takes no alternatives at the root)",
    );
    expect(checkToolParameters(result.schema)).toBeUndefined();
    expect(adapt(result.schema).changes).toEqual([]);
  });

  it("moves definitions to $defs, and points the references there", () => {
    const result = adapt({
      type: "object",
      properties: { place: { $ref: "#/definitions/Place" } },
      required: ["place"],
      definitions: { Place: { type: "object", properties: { name: { type: "string" } } } },
    });
    expect(result.schema).toEqual({
      type: "object",
      properties: { place: { $ref: "#/$defs/Place" } },
      required: ["place"],
      $defs: {
        Place: { type: "object", properties: { name: { type: "string" } }, required: [] },
      },
    });
    expect(checkToolParameters(result.schema)).toBeUndefined();
  });

  it("replaces a $ref whose description clashes with its target's by the target, keeping the caller's description", () => {
    const result = adapt({
      type: "object",
      properties: { asset: { $ref: "#/$defs/Asset", description: "The asset to open" } },
      required: [],
      $defs: { Asset: { type: "string", description: "An asset path" } },
    });
    expect((result.schema.properties as JsonObject).asset).toEqual({
      type: "string",
      description: "The asset to open",
    });
    expect(result.changes[0]).toMatch(/properties\.asset: \$ref #\/\$defs\/Asset replaced/);
    expect(checkToolParameters(result.schema)).toBeUndefined();
  });

  it("keeps a $ref with only a description beside it, and replaces one with any other keyword", () => {
    const schema = {
      type: "object",
      properties: {
        thread: { $ref: "#/$defs/Id", description: "The thread to wake" },
        owner: { $ref: "#/$defs/Id", format: "uuid", minLength: 36 },
      },
      required: [],
      $defs: { Id: { type: "string", pattern: "^[0-9a-f-]+$" } },
    };
    const result = adapt(schema);
    const properties = result.schema.properties as JsonObject;
    expect(properties.thread).toBe(schema.properties.thread);
    expect(properties.owner).toEqual({
      type: "string",
      pattern: "^[0-9a-f-]+$",
      format: "uuid",
      minLength: 36,
    });
    expect(checkToolParameters(schema)).toMatchObject({
      message: expect.stringContaining(
        "<At path 'properties.owner': when using $ref, type should be defined in the referenced schema",
      ),
    });
    expect(checkToolParameters(result.schema)).toBeUndefined();
  });

  it("replaces a $ref into another part of the schema by its target", () => {
    const result = adapt({
      type: "object",
      properties: { from: { enum: ["a", "b"] }, to: { $ref: "#/properties/from" } },
      required: [],
    });
    expect((result.schema.properties as JsonObject).to).toEqual({
      enum: ["a", "b"],
      type: "string",
    });
    expect(checkToolParameters(result.schema)).toBeUndefined();
  });

  it("keeps a recursive $ref as a reference instead of expanding it forever", () => {
    const result = adapt({
      type: "object",
      properties: { root: { $ref: "#/definitions/Node" } },
      required: [],
      definitions: {
        Node: {
          type: "object",
          properties: { children: { type: "array", items: { $ref: "#/definitions/Node" } } },
        },
      },
    });
    const defs = result.schema.$defs as JsonObject;
    expect(JSON.stringify(defs.Node)).toContain('"$ref":"#/$defs/Node"');
    expect(checkToolParameters(result.schema)).toBeUndefined();
  });

  it('sends zod\'s recursive root ($ref "#") as a definition in $defs, which Moonshot expands', () => {
    type Step = { name: string; next?: Step };
    const Step: z.ZodType<Step> = z.lazy(() =>
      z.object({ name: z.string(), next: Step.optional().describe("the step after") }),
    );
    const parameters = z.toJSONSchema(Step) as JsonObject;
    expect(JSON.stringify(parameters)).toContain('"$ref":"#"'); // what zod@4 writes
    const result = adapt(parameters);
    expect(checkToolParameters(result.schema)).toBeUndefined();
    const properties = result.schema.properties as JsonObject;
    expect(properties.next).toEqual({ $ref: "#/$defs/root", description: "the step after" });
    const defs = result.schema.$defs as JsonObject;
    expect(defs.root).toEqual({
      type: "object",
      properties: { name: { type: "string" }, next: properties.next },
      required: ["name"],
      additionalProperties: false,
    });
    expect(adapt(result.schema).changes).toEqual([]);
  });

  it("keeps a recursive $ref whose description clashes with its target's (Pydantic, a docstring) as a reference", () => {
    const result = adapt({
      type: "object",
      properties: { root: { $ref: "#/$defs/Node" } },
      required: ["root"],
      $defs: {
        Node: {
          description: "A tree node.",
          type: "object",
          properties: {
            name: { type: "string" },
            parent: { $ref: "#/$defs/Node", description: "The parent node" },
          },
          required: ["name", "parent"],
        },
      },
    });
    expect(checkToolParameters(result.schema)).toBeUndefined();
    const text = JSON.stringify(result.schema);
    expect(text).toContain("The parent node");
    expect(text).not.toContain('"$ref":"#/$defs/Node","description"');
    expect(adapt(result.schema).changes).toEqual([]);
  });

  it("keeps a recursive reference that cannot move into $defs (its name is taken there) as one", () => {
    const result = adapt({
      type: "object",
      properties: { n: { $ref: "#/definitions/N" } },
      required: [],
      definitions: {
        N: { type: "object", properties: { next: { $ref: "#/definitions/N" } }, required: [] },
      },
      $defs: { N: { type: "string" } },
    });
    expect(checkToolParameters(result.schema)).toBeUndefined();
    const defs = result.schema.$defs as JsonObject;
    expect(defs.N).toEqual({ type: "string" });
    expect(defs.N_2).toEqual({
      type: "object",
      properties: { next: { $ref: "#/$defs/N_2" } },
      required: [],
    });
  });

  it("walks each node of nested type lists once, not once for every way down to it", () => {
    // Each `type: [..., "null"]` level is reshaped into anyOf; the children were walked before
    // the reshape and again after it, so the leaf was read 2^levels times (20 levels: seconds).
    let leafReads = 0;
    const leaf = new Proxy<JsonObject>(
      { type: "string" },
      {
        ownKeys(target) {
          leafReads++;
          return Reflect.ownKeys(target);
        },
      },
    );
    let node: JsonObject = leaf;
    for (let i = 0; i < 16; i++) node = { type: ["object", "null"], properties: { x: node } };
    const result = adaptToMoonshotSchema({ type: "object", properties: { x: node }, required: [] });
    expect(leafReads).toBeLessThan(10);
    expect(checkToolParameters(result.schema)).toBeUndefined();
    expect(result.changes).toHaveLength(16);
  });

  it("leaves a schema nested deeper than it walks as it is, without overflowing the stack", () => {
    let deep: JsonObject = { type: "string" };
    for (let i = 0; i < 1000; i++) deep = { type: "array", items: deep };
    deep = { items: deep }; // untyped, but above the walk's limit: left for Moonshot to judge
    const schema = { type: "object", properties: { deep }, required: [] };
    expect(adapt(schema).schema).not.toBe(schema);
    let inner: JsonObject = { items: { items: {} } };
    for (let i = 0; i < 1000; i++) inner = { type: "array", items: inner };
    const deeper = { type: "object", properties: { inner }, required: [] };
    expect(adaptToMoonshotSchema(deeper).schema).toBe(deeper);
  });

  it("turns any schema into one the Moonshot check accepts, and its output needs nothing more", () => {
    const leaf = fc.oneof(
      fc.constant({}),
      fc.record({ type: fc.constantFrom("string", "integer", "number", "boolean") }),
      fc.record({
        enum: fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant(null)), {
          minLength: 1,
          maxLength: 3,
        }),
      }),
      fc.record({ description: fc.string() }),
      fc.record({ pattern: fc.constant("^x") }),
      fc.constant({ $ref: "#/definitions/Shared", description: "a shared thing" }),
      fc.constant({ $ref: "#/$defs/Other" }),
      fc.constant({ $ref: "#" }),
      fc.constant({ $ref: "#/$defs/Loop", description: "again" }),
      fc.constant({ $ref: "#/$defs/Other", minimum: 1 }),
      fc.constant({ allOf: [{ $ref: "#/$defs/Other" }], description: "wrapped" }),
      fc.constant(true),
      fc.record({
        type: fc.subarray(["string", "integer", "null", "object"], { minLength: 1 }),
        minLength: fc.constant(1),
      }),
      fc.record({ const: fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null)) }),
      fc.record({
        type: fc.constantFrom("string", "integer", undefined),
        enum: fc.array(fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null)), {
          maxLength: 3,
        }),
      }),
    );
    const { schema: arbitrarySchema } = fc.letrec<{ schema: JsonObject | true }>((tie) => ({
      schema: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        leaf,
        fc.record(
          {
            type: fc.constantFrom("object", undefined),
            properties: fc.dictionary(fc.constantFrom("a", "b", "c"), tie("schema"), {
              maxKeys: 3,
            }),
            required: fc.constantFrom(["a"], ["a", "z"], undefined),
          },
          { requiredKeys: ["properties"] },
        ),
        fc.record(
          {
            type: fc.constantFrom("array", undefined),
            items: fc.oneof(tie("schema"), fc.array(tie("schema"), { maxLength: 2 })),
          },
          { requiredKeys: ["items"] },
        ),
        fc.record(
          {
            type: fc.constantFrom("string", "object", undefined),
            anyOf: fc.array(tie("schema"), { minLength: 1, maxLength: 3 }),
          },
          { requiredKeys: ["anyOf"] },
        ),
        fc.record({ oneOf: fc.array(tie("schema"), { minLength: 1, maxLength: 3 }) }),
      ),
    }));
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom("p", "q"), arbitrarySchema), (properties) => {
        const parameters: JsonObject = {
          type: "object",
          properties,
          definitions: { Shared: { type: "string", description: "shared" } },
          $defs: {
            Other: { enum: [1, 2] },
            Loop: { description: "loops", properties: { x: { $ref: "#/$defs/Loop" } } },
          },
        };
        const once = adapt(parameters);
        expect(checkToolParameters(once.schema)).toBeUndefined();
        const twice = adapt(once.schema);
        expect(twice.schema).toEqual(once.schema);
        expect(twice.changes).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
