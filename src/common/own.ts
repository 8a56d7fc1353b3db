/**
 * Sets `key` on `target` as an ordinary own data property (writable, enumerable, configurable), as a
 * plain assignment would — except that it works for `__proto__` too, which assignment takes as the
 * object's prototype rather than a field.
 */
export function setOwn(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

/** Whether `target` has an own enumerable property: `Object.keys(target).length > 0`, without making the array. */
export function hasOwnKeys(target: object): boolean {
  for (const key in target) if (Object.hasOwn(target, key)) return true;
  return false;
}
