// Corrections published with an article: written by mutations and import alike, answered in
// order, carried by NDJSON, and refused with the field's path when malformed.
import { describe, expect, it } from "vitest";
import { exportNdjson } from "../../src/ingest/exporter.js";
import { importNdjson } from "../../src/ingest/importer.js";
import { createTestDatabase } from "../helpers/database.js";
import { useSampleServer } from "../helpers/sample-server.js";
import { gql, gqlData } from "../helpers/server.js";

const sample = useSampleServer();

const CREATE = `mutation($input: CreateArticleInput!) { createArticle(input: $input) { id updatedAt corrections { at note } } }`;
const ARTICLE = { slug: "corrected", headline: "عنوان", body: "فقرة.", language: "ar", publishedAt: "2024-06-01T10:00:00Z" };

describe("article corrections", () => {
  it("are written and answered in order; changing them moves updatedAt", async () => {
    const corrections = [
      { at: "2024-06-01T12:00:00Z", note: "صُحّح اسم المتحدث." },
      { at: "2024-06-02T08:30:00+03:00", note: "صُحّح عدد الضحايا." },
    ];
    const created = (await gqlData(sample.server.url, CREATE, { input: { ...ARTICLE, corrections } }, sample.keys.editor)).createArticle;
    expect(created.corrections).toEqual([
      { at: "2024-06-01T12:00:00.000Z", note: "صُحّح اسم المتحدث." },
      { at: "2024-06-02T05:30:00.000Z", note: "صُحّح عدد الضحايا." },
    ]);
    const updated = (await gqlData(sample.server.url, `mutation($id: ID!) { updateArticle(id: $id, input: { corrections: [] }) { updatedAt corrections { note } } }`, { id: created.id }, sample.keys.editor)).updateArticle;
    expect(updated.corrections).toEqual([]);
    expect(Date.parse(updated.updatedAt)).toBeGreaterThan(Date.parse(created.updatedAt));
  });

  it("refuse a correction without a valid time, naming it", async () => {
    const result = await gql(sample.server.url, CREATE, { input: { ...ARTICLE, slug: "bad-correction", corrections: [{ at: "yesterday", note: "x" }] } }, sample.keys.editor);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", fieldErrors: [{ path: "input.corrections.0.at" }] });
  });

  it("round-trip through NDJSON, and a malformed one stops the import with its line", async () => {
    const target = createTestDatabase();
    try {
      const record = { type: "article", ...ARTICLE, corrections: [{ at: "2024-06-01T12:00:00.000Z", note: "تصحيح" }] };
      await importNdjson(target.db, [JSON.stringify(record)]);
      const chunks: string[] = [];
      const { Writable } = await import("node:stream");
      await exportNdjson(target.db, new Writable({ write: (chunk, _encoding, done) => (chunks.push(String(chunk)), done()) }));
      expect(JSON.parse(chunks.join("").trim()).corrections).toEqual(record.corrections);
      await expect(importNdjson(target.db, [JSON.stringify({ ...record, slug: "other", corrections: [{ note: "بلا وقت" }] })])).rejects.toThrow(/line 1: corrections\.0\.at: is required/);
    } finally {
      target.destroy();
    }
  });
});
