/** `{ A: "A", B: "B" }` from `["A", "B"]`: the shape type-graphql's registerEnumType takes, typed by the values. */
export function enumObject<const Values extends readonly string[]>(values: Values): { [Value in Values[number]]: Value } {
  return Object.fromEntries(values.map((value) => [value, value])) as { [Value in Values[number]]: Value };
}
