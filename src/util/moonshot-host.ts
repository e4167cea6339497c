/**
 * Which Moonshot platform a host name belongs to: moonshot.ai and its subdomains (the
 * international platform, api.moonshot.ai), moonshot.cn and its subdomains (the China platform,
 * api.moonshot.cn); not a host that merely ends in the same letters. Pure, with no imports, so
 * that the error classification, the key checks and the usage report can all ask it.
 */
export function moonshotRegionOfHost(hostname: string): "ai" | "cn" | undefined {
  const host = hostname.toLowerCase();
  if (host === "moonshot.cn" || host.endsWith(".moonshot.cn")) return "cn";
  if (host === "moonshot.ai" || host.endsWith(".moonshot.ai")) return "ai";
  return undefined;
}

/** The same for a base URL (undefined for one that is not a URL). */
export function moonshotRegionOfUrl(baseUrl: string): "ai" | "cn" | undefined {
  try {
    return moonshotRegionOfHost(new URL(baseUrl).hostname);
  } catch {
    return undefined;
  }
}
