// The field-level diff of a revision against the previous one: top-level record fields, compared
// by value (JSON text). A field absent and a field null are the same (the record format says so).
export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export function changesBetween(before: Record<string, unknown> | null, after: Record<string, unknown>): FieldChange[] {
  const previous = before ?? {};
  const fields = [...new Set([...Object.keys(previous), ...Object.keys(after)])].filter((field) => field !== "type").sort();
  const changes: FieldChange[] = [];
  for (const field of fields) {
    const was = previous[field] ?? null;
    const is = after[field] ?? null;
    if (JSON.stringify(was) !== JSON.stringify(is)) changes.push({ field, before: was, after: is });
  }
  return changes;
}
