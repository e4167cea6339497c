/**
 * `extra_body` is no field of any API: it is the Python `openai` client's argument (and other
 * clients' option) for fields beyond its own, which it merges into the request body. Moonshot's
 * own examples turn thinking off that way (`extra_body={"thinking": {"type": "disabled"}}`), and
 * code that copies them into a JSON body, or into a client without such an option, sends
 * `extra_body` as a field. Passed on as one more unknown field, it would be ignored upstream and
 * the request answered as if it had not been sent (thinking on), so it is refused, naming the
 * fields to move to the top level, as OpenAI refuses an argument it does not know. Pure.
 */
import { listedNames } from "../util/client-value.js";
import { badRequest } from "./http-error.js";

/** The field's name in a request body. */
export const EXTRA_BODY_FIELD = "extra_body";

/** Refuses a request body's `extra_body` field (absent or null is not sending it). */
export function refuseExtraBody(value: unknown): void {
  if (value === undefined || value === null) return;
  const fields =
    typeof value === "object" && !Array.isArray(value) ? Object.keys(value as object) : [];
  const move =
    fields.length === 0
      ? "send the fields meant for the provider at the top level of the body instead"
      : `send ${listedNames(fields, "")} at the top level of the body instead, beside model and messages`;
  throw badRequest(
    `extra_body is not a field of the request: it is the Python openai client's argument for extra fields, which that client merges into the body; sent as a field of its own, the provider would ignore what is in it. ${move[0]?.toUpperCase()}${move.slice(1)}`,
    EXTRA_BODY_FIELD,
    "unsupported_parameter",
  );
}
