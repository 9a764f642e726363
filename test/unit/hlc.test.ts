import { describe, expect, it } from 'vitest';
import { HybridLogicalClock, advanceHlc, compareHlc, formatHlc, hlcRun, parseHlc, receiveHlc, tickHlc } from '../../shared/hlc';

describe('hybrid logical clock', () => {
  it('stamps strictly increase even when the wall clock stands still or goes back', () => {
    let now = 1_000_000;
    const clock = new HybridLogicalClock('device-a', undefined, () => now);
    const a = clock.next();
    const b = clock.next();
    now -= 5_000;
    const c = clock.next();
    expect(compareHlc(a, b)).toBeLessThan(0);
    expect(compareHlc(b, c)).toBeLessThan(0);
    expect(parseHlc(c).physical).toBe(1_000_000);
  });

  it('moves past a stamp received from a device whose clock is ahead', () => {
    const clock = new HybridLogicalClock('device-a', undefined, () => 1_000);
    const remote = formatHlc({ physical: 9_000, counter: 3 }, 'device-b');
    clock.observe(remote);
    expect(compareHlc(clock.next(), remote)).toBeGreaterThan(0);
  });

  it('orders equal times by counter, then by device id', () => {
    expect(compareHlc(formatHlc({ physical: 5, counter: 1 }, 'a'), formatHlc({ physical: 5, counter: 2 }, 'a'))).toBeLessThan(0);
    expect(compareHlc(formatHlc({ physical: 5, counter: 1 }, 'a'), formatHlc({ physical: 5, counter: 1 }, 'b'))).toBeLessThan(0);
  });

  it('rolls the counter over into the next millisecond instead of overflowing', () => {
    expect(tickHlc({ physical: 10, counter: 99_999 }, 10)).toEqual({ physical: 11, counter: 0 });
    expect(receiveHlc({ physical: 10, counter: 99_999 }, { physical: 10, counter: 99_999 }, 5)).toEqual({ physical: 11, counter: 0 });
  });

  it('gives a block of consecutive stamps, across a counter rollover, and moves the clock past the last', () => {
    const clock = new HybridLogicalClock('dev', { physical: 5_000, counter: 99_997 }, () => 5_000);
    const first = clock.nextBlock(4);
    const run = hlcRun(first, 4);
    expect(run).toEqual([0, 1, 2, 3].map((k) => advanceHlc(first, k)));
    expect(run.map((s) => parseHlc(s)).map(({ physical, counter }) => [physical, counter])).toEqual([
      [5_000, 99_998],
      [5_000, 99_999],
      [5_001, 0],
      [5_001, 1],
    ]);
    expect(compareHlc(clock.next(), run[3]!)).toBe(1);
  });

  it('rejects text that is not a stamp', () => {
    expect(() => parseHlc('yesterday')).toThrow(/Not a hybrid-logical-clock stamp/);
  });
});
