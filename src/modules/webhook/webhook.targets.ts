// Which URLs deliveries may go to. A webhook would otherwise let whoever holds an admin key make
// the server call its own network (server-side request forgery): loopback, private, link-local and
// other non-public addresses are refused unless KHABAR_WEBHOOK_ALLOW_PRIVATE=true. Checked when a
// webhook is added and again before every attempt (a name can resolve elsewhere later).
import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";

const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, "ipv6");
}

export class WebhookTargetError extends Error {
  override name = "WebhookTargetError";
}

function isPublic(address: string): boolean {
  const family = isIP(address) === 6 ? "ipv6" : "ipv4";
  const mapped = family === "ipv6" ? /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1] : undefined;
  if (mapped) return !NOT_PUBLIC.check(mapped, "ipv4");
  return !NOT_PUBLIC.check(address, family);
}

/** Resolves with the URL when deliveries may go there; rejects with the reason otherwise. */
export async function checkTarget(url: string, allowPrivate: boolean): Promise<URL> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new WebhookTargetError(`"${url}" is not a URL`);
  }
  if (target.protocol !== "https:" && target.protocol !== "http:") throw new WebhookTargetError(`a webhook URL must be http(s), got ${target.protocol}`);
  if (target.username || target.password) throw new WebhookTargetError("a webhook URL must not carry credentials: use --secret to sign deliveries");
  if (allowPrivate) return target;
  const host = target.hostname.replace(/^\[|\]$/g, "");
  const addresses = isIP(host) ? [host] : (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);
  const refused = addresses.filter((address) => !isPublic(address));
  if (refused.length > 0) {
    throw new WebhookTargetError(`${target.hostname} resolves to ${refused.join(", ")}, not a public address (server-side request forgery); set KHABAR_WEBHOOK_ALLOW_PRIVATE=true to allow it`);
  }
  return target;
}
