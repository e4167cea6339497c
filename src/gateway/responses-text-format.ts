/**
 * A Responses request's `text`: its `verbosity` checked, and `text.format` as chat completions'
 * `response_format`. Pure.
 */
import { quoted } from "../util/client-value.js";
import { isRecord } from "../util/is-record.js";
import { badRequest } from "./http-error.js";
import { checkVerbosity } from "./platform-field-types.js";

type Obj = Record<string, unknown>;

/**
 * `text.format` as chat completions' `response_format`: JSON mode and JSON schemas go to the
 * provider as they would on a chat request, which decides what it honours; plain text needs none.
 */
export function responseFormat(text: unknown): Obj | undefined {
  if (text === undefined || text === null) return undefined;
  if (!isRecord(text)) throw badRequest("text must be an object", "text", "invalid_type");
  checkVerbosity(text.verbosity, "text.verbosity");
  const format = text.format;
  if (format === undefined || format === null) return undefined;
  if (!isRecord(format)) {
    throw badRequest("text.format must be an object", "text.format", "invalid_type");
  }
  switch (format.type) {
    case "text":
      return undefined;
    case "json_object":
      return { type: "json_object" };
    case "json_schema": {
      if (typeof format.name !== "string" || format.name === "") {
        throw badRequest(
          "text.format.name must be a non-empty string",
          "text.format.name",
          "invalid_type",
        );
      }
      if (!isRecord(format.schema)) {
        throw badRequest(
          "text.format.schema must be an object",
          "text.format.schema",
          "invalid_type",
        );
      }
      const schema: Obj = { name: format.name, schema: format.schema };
      if (typeof format.description === "string") schema.description = format.description;
      if (typeof format.strict === "boolean") schema.strict = format.strict;
      return { type: "json_schema", json_schema: schema };
    }
    default:
      throw badRequest(
        `text.format.type must be "text", "json_object" or "json_schema", got ${quoted(format.type)}`,
        "text.format.type",
        "unsupported_value",
      );
  }
}
