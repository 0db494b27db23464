import { describe, expect, it } from 'vitest';
import { createFrameAccumulator, frameMessage } from './frame-accumulator';

const msg = (n: number, fill: number) => Buffer.alloc(n, fill);

describe('createFrameAccumulator', () => {
  it('reassembles a frame delivered one byte at a time, prefix included', () => {
    const acc = createFrameAccumulator();
    const frame = frameMessage(msg(300, 7));
    const out: Buffer[] = [];
    for (const byte of frame) out.push(...acc.push(Uint8Array.of(byte)));
    expect(out).toHaveLength(1);
    expect(out[0]).toEqual(msg(300, 7));
    expect(acc.pendingBytes).toBe(0);
  });

  it('splits two frames written together, and keeps a third partial one', () => {
    const acc = createFrameAccumulator();
    const third = frameMessage(msg(10, 3));
    const chunk = Buffer.concat([frameMessage(msg(5, 1)), frameMessage(msg(0, 0)), frameMessage(msg(6, 2)), third.subarray(0, 4)]);
    expect(acc.push(chunk)).toEqual([msg(5, 1), msg(0, 0), msg(6, 2)]);
    expect(acc.pendingBytes).toBe(4);
    expect(acc.push(third.subarray(4))).toEqual([msg(10, 3)]);
  });

  it('handles a largest-possible frame split at arbitrary points', () => {
    const acc = createFrameAccumulator();
    const frame = frameMessage(msg(65535, 9));
    expect(acc.push(frame.subarray(0, 1))).toEqual([]);
    expect(acc.push(frame.subarray(1, 40000))).toEqual([]);
    const [out] = acc.push(frame.subarray(40000));
    expect(out?.length).toBe(65535);
  });

  it('refuses a frame announced above its cap', () => {
    const acc = createFrameAccumulator(512);
    expect(() => acc.push(Uint8Array.of(0x02, 0x01))).toThrow(/exceeds/);
  });

  it('returns frames that do not alias later input', () => {
    const acc = createFrameAccumulator();
    const chunk = Buffer.concat([frameMessage(msg(3, 1)), frameMessage(msg(3, 2))]);
    const frames = acc.push(chunk);
    chunk.fill(0xff);
    expect(frames).toEqual([msg(3, 1), msg(3, 2)]);
  });

  it('frameMessage refuses a message too long for the prefix', () => {
    expect(() => frameMessage(msg(65536, 0))).toThrow(RangeError);
  });
});
