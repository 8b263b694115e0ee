// Lit's declaration for an element's internal reactive state — `{ state: true }`: a change
// re-renders, no attribute is read or written — for several properties in one line, so an
// element's `properties` lists its public inputs first and its state by name.
export function stateProperties<const K extends string>(...names: K[]): Record<K, { state: true }> {
  return Object.fromEntries(names.map((name) => [name, { state: true }])) as Record<K, { state: true }>;
}
