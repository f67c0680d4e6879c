/** `list` without `item`, then `item`: bound once, and last. */
export function moveToEnd<T>(list: readonly T[] | undefined, item: T): T[] {
  return [...remove(list, item), item];
}

/** `list` without `item`. */
export function remove<T>(list: readonly T[] | undefined, item: T): T[] {
  return (list ?? []).filter((entry) => entry !== item);
}
