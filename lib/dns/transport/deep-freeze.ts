/**
 * Freezes a value and everything reachable in it: a decoded message kept to be shared by several
 * queries or observations, which no reader may change for the others.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
