import { describe, expect, it } from 'vitest';
import { createCheckSlots } from '@/lib/guard/check-slots';

describe('createCheckSlots', () => {
  it('gives out at most `max` slots, and one given back can be taken again', () => {
    const slots = createCheckSlots(2);
    const a = slots.tryTake();
    const b = slots.tryTake();
    expect(a).not.toBeNull();
    expect(b).not.toBeNull();
    expect(slots.tryTake()).toBeNull();
    expect(slots.running).toBe(2);
    a?.();
    expect(slots.running).toBe(1);
    expect(slots.tryTake()).not.toBeNull();
    expect(slots.tryTake()).toBeNull();
  });

  it('gives a slot back once however often its release is called', () => {
    const slots = createCheckSlots(2);
    const a = slots.tryTake();
    slots.tryTake();
    a?.();
    a?.();
    expect(slots.running).toBe(1);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses a cap of %s', (max) => {
    expect(() => createCheckSlots(max)).toThrow(RangeError);
  });
});
