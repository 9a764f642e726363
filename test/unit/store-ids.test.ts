import { validate, version } from 'uuid';
import { describe, expect, it } from 'vitest';
import { newId } from '../../electron/store/ids';

describe('record ids', () => {
  it('are UUIDv7, unique, and sort in the order they were made, within a millisecond too', () => {
    const before = Date.now();
    const ids = Array.from({ length: 20_000 }, () => newId());
    const after = Date.now();
    for (const id of [ids[0]!, ids[9_999]!, ids.at(-1)!]) {
      expect(validate(id)).toBe(true);
      expect(version(id)).toBe(7);
    }
    expect(ids.every((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id, k) => k === 0 || ids[k - 1]! < id)).toBe(true);
    const ms = (id: string) => parseInt(id.replaceAll('-', '').slice(0, 12), 16);
    expect(ms(ids[0]!)).toBeGreaterThanOrEqual(before);
    expect(ms(ids.at(-1)!)).toBeLessThanOrEqual(after + 1);
  });

  it('differ in their random part from one millisecond to the next', () => {
    const tails = new Set(Array.from({ length: 200 }, () => newId().slice(19)));
    expect(tails.size).toBe(200);
  });
});
