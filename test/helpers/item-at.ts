/**
 * `list[index]`, or a failure naming what was missing. With `noUncheckedIndexedAccess` an index may be empty; a test
 * that expected something there should say so, not fail later reading a property of `undefined`.
 */
export function itemAt<T>(list: ArrayLike<T>, index: number, what = 'an item'): T {
  const item = list[index];
  if (item === undefined) throw new Error(`Expected ${what} at index ${index}; there are ${list.length}.`);
  return item;
}
