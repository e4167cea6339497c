/**
 * The process-wide upstream pools: what chat calls, key checks and token counts share. One pool
 * per proxy setting, so each runtime goes through the proxies of its own environment while those
 * with the same setting (the usual case: one) share their connections.
 */
import { Http1Pool } from "./http1-pool.js";
import { type ProxySettings, proxySettingsKey, sharedProxySettings } from "./proxy.js";

const pools = new Map<string, Http1Pool>();
let processPool: Http1Pool | undefined;

function poolFor(proxy: ProxySettings): Http1Pool {
  const key = proxySettingsKey(proxy);
  let pool = pools.get(key);
  if (!pool) {
    pool = new Http1Pool({ keepAliveTimeout: 4_000, connections: 128, proxy });
    pools.set(key, pool);
  }
  return pool;
}

/**
 * The keep-alive pool that goes through `proxy` (see `proxySettingsFromEnv`); without it, the
 * one for the process environment's proxies.
 */
export function sharedDispatcher(proxy?: ProxySettings): Http1Pool {
  if (proxy) return poolFor(proxy);
  processPool ??= poolFor(sharedProxySettings());
  return processPool;
}
