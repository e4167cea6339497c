/** The code of a system or client error behind a failure. */

/** The code of a system or client error (`EMFILE`, `ECONNRESET`, `UND_ERR_…`), if it has one. */
export function errorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? code : undefined;
}
