/**
 * The base URL a program gives `checkKey` as `target.baseUrl`, checked before anything is sent:
 * one that is no http(s) URL (`"htp:/localhost:8000"`, `"api.moonshot.ai/v1"`, `""`) came back
 * as `status: "unreachable"`, `could not reach lab to check the key: ERR_INVALID_URL`, with the
 * hint to check the network or proxy: advice for another problem than the program's own value.
 */
import { httpUrlFix, parsedHttpUrl } from "../config/schemeless-url.js";
import { OpenClawError } from "../errors.js";
import { isRecord } from "../util/is-record.js";
import { maskKeyShapedNames } from "../util/key-shaped-names.js";

/**
 * Throws (code `usage`, `where` `target.baseUrl`) when `options.target.baseUrl` is a string that
 * is not an http(s) URL. Anything else (no target, a baseUrl that is no string) is left to the
 * option check, which names the shape checkKey takes.
 */
export function checkKeyTargetUrl(options: unknown): void {
  const target = isRecord(options) ? options.target : undefined;
  const baseUrl = isRecord(target) ? target.baseUrl : undefined;
  if (typeof baseUrl !== "string" || parsedHttpUrl(baseUrl)) return;
  const provider = isRecord(target) && typeof target.provider === "string" ? target.provider : "";
  // A key pasted where the URL goes is shown masked, as every name the library quotes.
  const given = baseUrl.trim() === "" ? "an empty string" : `"${maskKeyShapedNames(baseUrl)}"`;
  throw new OpenClawError(
    "usage",
    `checkKey's target.baseUrl must be an http(s) URL, got ${given}`,
    {
      where: "target.baseUrl",
      hint: httpUrlFix(baseUrl, provider, "the endpoint's full URL"),
    },
  );
}
