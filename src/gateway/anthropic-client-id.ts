/**
 * The client a `/v1/messages` request is recorded under, from its `metadata.user_id`. Claude Code
 * 2.x sends a JSON object there, `{"device_id", "account_uuid", "session_id"}`, a new session id
 * each run: taken as it is, `openclaw usage --by client` had a 150-character row per session. Such
 * an id is recorded as the account, else the device, it names (`claude-code/0ec972a9b97cca3f`),
 * and goes upstream as the request's `user` so; any other id goes on as it came. Its earlier
 * versions sent the same three as one string, `user_<device>_account_<account>_session_<id>`
 * (the account empty without a login), recorded alike. Pure: no I/O.
 */
import { isRecord } from "../util/is-record.js";

/** Hex digits kept of a device id: 64 bits tell one machine from another. */
const DEVICE_DIGITS = 16;

function parsedObject(text: string): Record<string, unknown> | undefined {
  if (!text.startsWith("{")) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Claude Code's earlier id: `user_<device hex>_account_<account uuid or "">_session_<uuid>`. */
const JOINED_ID = /^user_([0-9a-f]+)_account_([0-9a-f-]*)_session_[0-9a-f-]+$/i;

/** The device and account of Claude Code's id, as JSON or as the older joined string. */
function claudeCodeFields(userId: string): Record<string, unknown> | undefined {
  const joined = JOINED_ID.exec(userId);
  if (joined) return { device_id: joined[1], account_uuid: joined[2] };
  return parsedObject(userId);
}

/** `metadata.user_id` as the client to record; a value that is no such id is returned as is. */
export function anthropicClientId(userId: unknown): unknown {
  if (typeof userId !== "string") return userId;
  const fields = claudeCodeFields(userId);
  if (!fields) return userId;
  const account = fields.account_uuid;
  if (typeof account === "string" && account !== "") return `claude-code/${account}`;
  const device = fields.device_id;
  if (typeof device === "string" && device !== "")
    return `claude-code/${device.slice(0, DEVICE_DIGITS)}`;
  return userId;
}
