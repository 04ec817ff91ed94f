// The selective loaders' batching: loads and prefetches of one tick share one fetch, and what was
// read answers later loads whose columns it covers, synchronously through `peek`.
import { describe, expect, it } from "vitest";
import { SelectiveListLoader, SelectiveRowLoader } from "../../src/shared/batch.js";
import { WHOLE_ROW } from "../../src/shared/column-selection.js";

interface Row {
  id: number;
  name: string;
}

function rowLoader() {
  const fetches: { keys: readonly number[]; omit: readonly string[] }[] = [];
  const loader = new SelectiveRowLoader<number, Row>(async (keys, omit) => {
    fetches.push({ keys, omit });
    return keys.filter((key) => key !== 404).map((id) => ({ id, name: `row ${id}` }));
  }, (row) => row.id);
  return { loader, fetches };
}

const WITHOUT_NAME = Object.freeze(["name"]);

describe("selective loaders", () => {
  it("answer loads and a prefetch of one tick with one fetch that reads the columns any of them needs", async () => {
    const { loader, fetches } = rowLoader();
    const [one] = await Promise.all([loader.load(1, WITHOUT_NAME), loader.prefetch([2, 3, 404], WHOLE_ROW), loader.load(3, WITHOUT_NAME)]);
    expect(one).toEqual({ id: 1, name: "row 1" });
    expect(fetches).toEqual([{ keys: [1, 2, 3, 404], omit: WHOLE_ROW }]);
  });

  it("give a prefetched row, or null for a key without one, synchronously and without another fetch", async () => {
    const { loader, fetches } = rowLoader();
    expect(loader.peek(2)).toBeUndefined();
    await loader.prefetch([2, 404], WHOLE_ROW);
    expect(loader.peek(2)).toEqual({ id: 2, name: "row 2" });
    expect(loader.peek(2, WITHOUT_NAME)).toEqual({ id: 2, name: "row 2" });
    expect(loader.peek(404)).toBeNull();
    expect(await loader.load(2)).toEqual({ id: 2, name: "row 2" });
    expect(fetches).toHaveLength(1);
  });

  it("read a row again when what was prefetched left out a column the load needs", async () => {
    const { loader, fetches } = rowLoader();
    await loader.prefetch([5], WITHOUT_NAME);
    expect(loader.peek(5, WITHOUT_NAME)).toBeDefined();
    expect(loader.peek(5)).toBeUndefined();
    await loader.load(5);
    expect(fetches.map((fetch) => fetch.omit)).toEqual([WITHOUT_NAME, WHOLE_ROW]);
  });

  it("give every key of a list prefetch its list, empty when it has no rows", async () => {
    const loader = new SelectiveListLoader<number, { parentId: number; id: number }>(async (keys) => keys.filter((key) => key !== 7).flatMap((parentId) => [{ parentId, id: parentId * 10 }, { parentId, id: parentId * 10 + 1 }]), (row) => row.parentId);
    await loader.prefetch([6, 7]);
    expect(loader.peek(6)).toEqual([{ parentId: 6, id: 60 }, { parentId: 6, id: 61 }]);
    expect(loader.peek(7)).toEqual([]);
    expect(loader.peek(8)).toBeUndefined();
  });
});
