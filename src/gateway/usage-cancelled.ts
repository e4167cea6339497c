/**
 * A request its client cancelled: it went away (closed the connection, aborted the fetch) before
 * its answer was complete. The ledger records it as status 499, `client_disconnect` when the
 * gateway saw the client go, `upstream.cancelled` when the provider's call was stopped for it.
 * Nothing failed on the gateway's or the provider's side, so `openclaw usage` counts these apart
 * from the errors.
 */

/** SQL over a `requests` row: true for a request the client cancelled. */
export const CANCELLED_ROW = "(status = 499 OR outcome = 'client_disconnect')";

/**
 * The same test for a request as it ends (its status and error class): /metrics counts these in
 * openclaw_gateway_requests_cancelled_total, not among the errors, as `openclaw usage` does.
 */
export function isCancelledRequest(status: number, errorClass: string | undefined): boolean {
  return status === 499 || errorClass === "client_disconnect";
}
