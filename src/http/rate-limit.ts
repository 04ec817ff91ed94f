// Token-bucket rate limiting per client IP and per API key. Each bucket holds up to `perMinute`
// tokens and refills continuously; a request takes one token or is answered 429 with Retry-After.
// A key's bucket applies in addition to its IP's: keys are not verified here, and a client
// inventing keys must not get a fresh bucket each time. Buckets live in memory (one process).
import { createHash } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { RateLimit } from "./hardening-config.js";

/** Beyond this many tracked clients, full (idle) buckets are dropped first. */
const MAX_BUCKETS = 100_000;

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export interface RateDecision {
  allowed: boolean;
  /** Whole seconds until a token is available; 0 when allowed. */
  retryAfterSeconds: number;
}

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly refillPerMs: number;

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.refillPerMs = limit.perMinute / 60_000;
  }

  take(identity: string): RateDecision {
    const now = this.now();
    let bucket = this.buckets.get(identity);
    if (!bucket) {
      if (this.buckets.size >= MAX_BUCKETS) this.evict(now);
      bucket = { tokens: this.limit.perMinute, updatedAt: now };
      this.buckets.set(identity, bucket);
    }
    bucket.tokens = Math.min(this.limit.perMinute, bucket.tokens + (now - bucket.updatedAt) * this.refillPerMs);
    bucket.updatedAt = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, retryAfterSeconds: 0 };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.refillPerMs / 1000)) };
  }

  private evict(now: number): void {
    for (const [identity, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.updatedAt) * this.refillPerMs >= this.limit.perMinute) this.buckets.delete(identity);
    }
    // Still full of active clients: drop the oldest half rather than grow without bound.
    if (this.buckets.size >= MAX_BUCKETS) {
      let toDrop = this.buckets.size / 2;
      for (const identity of this.buckets.keys()) {
        if (toDrop-- <= 0) break;
        this.buckets.delete(identity);
      }
    }
  }
}

export interface RateLimiter {
  /** Takes a token from the request's buckets; the decision of the most constrained one. */
  check(request: IncomingMessage): RateDecision;
}

export function clientIp(request: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = request.headers["x-forwarded-for"];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
    if (first) return first;
  }
  return request.socket.remoteAddress ?? "unknown";
}

function apiKeyOf(request: IncomingMessage): string | null {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  // Hashed, so raw keys never sit in memory longer than the request.
  return match?.[1] ? createHash("sha256").update(match[1]).digest("base64url") : null;
}

export function createRateLimiter(options: { perIp: RateLimit | null; perKey: RateLimit | null; trustProxy: boolean }): RateLimiter | null {
  if (!options.perIp && !options.perKey) return null;
  const byIp = options.perIp ? new TokenBuckets(options.perIp) : null;
  const byKey = options.perKey ? new TokenBuckets(options.perKey) : null;
  return {
    check(request) {
      const decisions: RateDecision[] = [];
      const key = byKey ? apiKeyOf(request) : null;
      if (byKey && key) decisions.push(byKey.take(key));
      if (byIp) decisions.push(byIp.take(clientIp(request, options.trustProxy)));
      const refused = decisions.filter((decision) => !decision.allowed);
      if (refused.length === 0) return { allowed: true, retryAfterSeconds: 0 };
      return { allowed: false, retryAfterSeconds: Math.max(...refused.map((decision) => decision.retryAfterSeconds)) };
    },
  };
}
