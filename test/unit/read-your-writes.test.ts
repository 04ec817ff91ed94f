// The read-your-writes token on its own: what is issued, which presented values are honoured at a
// given instant, and which mutation results earn one. The routing it drives is
// test/postgres/read-your-writes.test.ts, over real replicas.
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import {
  honoursReadPrimaryToken,
  issueReadPrimaryToken,
  mutationFieldCompleted,
  READ_PRIMARY_COOKIE,
  READ_PRIMARY_HEADER,
  TOKEN_CLOCK_TOLERANCE_MS,
  tokenExpiry,
} from "../../src/http/read-your-writes.js";

const NOW = 1_711_411_200_000; // 2024-03-26T00:00:00Z, a frozen clock
const WINDOW = 2_000;

const header = (value: string) => ({ [READ_PRIMARY_HEADER]: value });
const cookie = (value: string) => ({ cookie: value });

describe("the read-your-writes token", () => {
  it("is the expiry instant, in a header and in an HttpOnly, SameSite=Lax cookie on / that lasts the window", () => {
    const token = issueReadPrimaryToken(NOW, WINDOW);
    expect(token.header).toBe(String(NOW + WINDOW));
    expect(token.setCookie).toBe(`${READ_PRIMARY_COOKIE}=${NOW + WINDOW}; Max-Age=2; Path=/; HttpOnly; SameSite=Lax`);
    // Max-Age is whole seconds: a window that is not one lasts to the next second; the instant inside decides.
    expect(issueReadPrimaryToken(NOW, 1_500).setCookie).toContain("Max-Age=2;");
    expect(issueReadPrimaryToken(NOW, 1).setCookie).toContain("Max-Age=1;");
  });

  it("sends a request to the primary until it expires, from the header or the cookie", () => {
    const { header: value } = issueReadPrimaryToken(NOW, WINDOW);
    expect(honoursReadPrimaryToken(header(value), WINDOW, NOW)).toBe(true);
    expect(honoursReadPrimaryToken(cookie(`theme=dark; ${READ_PRIMARY_COOKIE}=${value}; lang=ar`), WINDOW, NOW)).toBe(true);
    expect(honoursReadPrimaryToken(header(value), WINDOW, NOW + WINDOW - 1)).toBe(true);
    expect(honoursReadPrimaryToken(header(value), WINDOW, NOW + WINDOW)).toBe(false);
    expect(honoursReadPrimaryToken(cookie(`${READ_PRIMARY_COOKIE}=${value}`), WINDOW, NOW + WINDOW + 1)).toBe(false);
  });

  it("is ignored when absent, malformed, or in another cookie's name", () => {
    expect(honoursReadPrimaryToken({}, WINDOW, NOW)).toBe(false);
    for (const malformed of ["", "soon", "-1", "+1711411201000", "1711411201000.5", "1.7e12", "0x18e7b4a6c00", "99999999999999999", " ", "1711411201000abc"]) {
      expect(honoursReadPrimaryToken(header(malformed), WINDOW, NOW), malformed).toBe(false);
      expect(honoursReadPrimaryToken(cookie(`${READ_PRIMARY_COOKIE}=${malformed}`), WINDOW, NOW), malformed).toBe(false);
    }
    expect(tokenExpiry("99999999999999999")).toBeNull();
    expect(honoursReadPrimaryToken(cookie(`x${READ_PRIMARY_COOKIE}=${NOW + 1}`), WINDOW, NOW)).toBe(false);
  });

  it("honours any one good token among several (a repeated header is joined with commas)", () => {
    expect(honoursReadPrimaryToken(header(`garbage, ${NOW + 1}`), WINDOW, NOW)).toBe(true);
    expect(honoursReadPrimaryToken({ ...header("garbage"), ...cookie(`${READ_PRIMARY_COOKIE}=${NOW + 1}`) }, WINDOW, NOW)).toBe(true);
  });

  it("is capped to the window from now: a token that expires further ahead was not issued under it and is ignored", () => {
    // Another Khabar's clock may be a little ahead: up to the tolerance, its token is honoured.
    expect(honoursReadPrimaryToken(header(String(NOW + WINDOW)), WINDOW, NOW)).toBe(true);
    expect(honoursReadPrimaryToken(header(String(NOW + WINDOW + TOKEN_CLOCK_TOLERANCE_MS)), WINDOW, NOW)).toBe(true);
    expect(honoursReadPrimaryToken(header(String(NOW + WINDOW + TOKEN_CLOCK_TOLERANCE_MS + 1)), WINDOW, NOW)).toBe(false);
    // A value edited to "for ever" never reads from the primary, now or later.
    expect(honoursReadPrimaryToken(cookie(`${READ_PRIMARY_COOKIE}=9999999999999`), WINDOW, NOW)).toBe(false);
  });

  it("is never honoured with a window of 0", () => {
    expect(honoursReadPrimaryToken(header(String(NOW + 1)), 0, NOW)).toBe(false);
  });
});

describe("which mutation results earn a token", () => {
  it("one with a root field that completed, even when another failed", () => {
    expect(mutationFieldCompleted({ data: { createPerson: { id: "1" } } })).toBe(true);
    expect(mutationFieldCompleted({ data: { a: { id: "1" }, b: null }, errors: [{ path: ["b"] }] })).toBe(true);
  });

  it("one whose field's resolver returned but completing its value failed, even when that nulls data", () => {
    expect(mutationFieldCompleted({ data: null, errors: [{ path: ["createArticle", "statements", 0, "text"] }] })).toBe(true);
  });

  it("one whose field failed while its COMMIT was under way: the write may have been made, and its client is to read it", () => {
    expect(mutationFieldCompleted({ data: null, errors: [{ path: ["createStatement"], extensions: { code: "SERVICE_UNAVAILABLE", reason: "COMMIT_OUTCOME_UNKNOWN" } }] })).toBe(true);
    expect(mutationFieldCompleted({ data: null, errors: [{ path: ["createStatement"], extensions: { code: "SERVICE_UNAVAILABLE", reason: "DATABASE_UNREACHABLE" } }] })).toBe(false);
  });

  it("not one refused before it ran, nor one whose every field failed", () => {
    expect(mutationFieldCompleted({ errors: [{}] })).toBe(false);
    expect(mutationFieldCompleted({ data: null, errors: [{ path: ["deleteStatement"] }] })).toBe(false);
    expect(mutationFieldCompleted({ data: { a: null, b: null }, errors: [{ path: ["a"] }, { path: ["b"] }] })).toBe(false);
  });
});

describe("KHABAR_READ_YOUR_WRITES_MS", () => {
  const postgres = (value?: string) => loadConfig({ DATABASE_URL: "postgres://h/db", ...(value === undefined ? {} : { KHABAR_READ_YOUR_WRITES_MS: value }) }).postgres?.readYourWritesMs;

  it("is 2000 by default, 0 turns the token off, and any whole number of milliseconds up to a minute is taken", () => {
    expect(postgres()).toBe(2_000);
    expect(postgres(" ")).toBe(2_000);
    expect(postgres("0")).toBe(0);
    expect(postgres("500")).toBe(500);
    expect(postgres("60000")).toBe(60_000);
  });

  it("refuses anything else, naming the variable and the value", () => {
    for (const bad of ["-1", "2s", "1.5", "1e3", "60001", "soon"]) {
      expect(() => postgres(bad), bad).toThrow(`KHABAR_READ_YOUR_WRITES_MS must be a whole number of milliseconds from 0 (off) to 60000, got "${bad}"`);
    }
  });
});
