/** The process-wide upstream pool: what chat calls, key checks and token counts share. */
import { Http1Pool } from "./http1-pool.js";
import { sharedProxySettings } from "./proxy.js";

let sharedPool: Http1Pool | undefined;
/** The process-wide keep-alive pool used when no dispatcher is given. */
export function sharedDispatcher(): Http1Pool {
  sharedPool ??= new Http1Pool({
    keepAliveTimeout: 4_000,
    connections: 128,
    proxy: sharedProxySettings(),
  });
  return sharedPool;
}
