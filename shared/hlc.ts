/**
 * Hybrid logical clock: stamps that sort like wall-clock time but never go backwards and never
 * collide between devices. A stamp is `<physical ms, 15 digits>:<counter, 5 digits>:<device id>`
 * so plain string comparison orders stamps, ties broken by device id.
 */

export interface HlcState {
  physical: number;
  counter: number;
}

export const MAX_COUNTER = 99_999;

export function formatHlc(state: HlcState, deviceId: string): string {
  return `${String(state.physical).padStart(15, '0')}:${String(state.counter).padStart(5, '0')}:${deviceId}`;
}

export function parseHlc(stamp: string): HlcState & { deviceId: string } {
  const match = /^(\d{15}):(\d{5}):(.+)$/.exec(stamp);
  if (!match) throw new Error(`Not a hybrid-logical-clock stamp: "${stamp}"`);
  return { physical: Number(match[1]), counter: Number(match[2]), deviceId: match[3]! };
}

/** Where a stamp's device id starts: after `<15 digits>:<5 digits>:`. */
export const STAMP_DEVICE_OFFSET = 22;

/** The device that made a stamp (its tail), for a stamp already known to be well formed. */
export function stampDevice(stamp: string): string {
  return stamp.slice(STAMP_DEVICE_OFFSET);
}

export function compareHlc(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Advances the clock for a local event. */
export function tickHlc(last: HlcState, now: number): HlcState {
  if (now > last.physical) return { physical: now, counter: 0 };
  if (last.counter >= MAX_COUNTER) return { physical: last.physical + 1, counter: 0 };
  return { physical: last.physical, counter: last.counter + 1 };
}

/** Advances the clock past a stamp received from another device. */
export function receiveHlc(last: HlcState, remote: HlcState, now: number): HlcState {
  const physical = Math.max(last.physical, remote.physical, now);
  let counter: number;
  if (physical === last.physical && physical === remote.physical) counter = Math.max(last.counter, remote.counter) + 1;
  else if (physical === last.physical) counter = last.counter + 1;
  else if (physical === remote.physical) counter = remote.counter + 1;
  else counter = 0;
  if (counter > MAX_COUNTER) return { physical: physical + 1, counter: 0 };
  return { physical, counter };
}

/**
 * The stamp `steps` ticks after `stamp` when no wall-clock time passes between them: the counter
 * rises, and past its maximum the physical part moves on by a millisecond. A row created in one
 * change holds one stamp per field this way, so only the first is stored.
 */
export function advanceHlc(stamp: string, steps: number): string {
  if (steps === 0) return stamp;
  const { physical, counter, deviceId } = parseHlc(stamp);
  const total = counter + steps;
  return formatHlc({ physical: physical + Math.floor(total / (MAX_COUNTER + 1)), counter: total % (MAX_COUNTER + 1) }, deviceId);
}

/** `count` consecutive stamps from `stamp` (advanceHlc 0, 1, … count − 1), the stamp parsed once. */
export function hlcRun(stamp: string, count: number): string[] {
  const { physical, counter, deviceId } = parseHlc(stamp);
  const out: string[] = [stamp];
  // Within one millisecond only the counter's five digits change.
  let head = stamp.slice(0, 16);
  const tail = stamp.slice(21);
  for (let k = 1; k < count; k++) {
    const total = counter + k;
    const rolled = Math.floor(total / (MAX_COUNTER + 1));
    if (total % (MAX_COUNTER + 1) === 0) head = `${String(physical + rolled).padStart(15, '0')}:`;
    out.push(`${head}${String(total % (MAX_COUNTER + 1)).padStart(5, '0')}${tail}`);
  }
  return out;
}

/** A clock bound to one device: each `next()` gives a stamp greater than every earlier one. */
export class HybridLogicalClock {
  private state: HlcState;

  constructor(
    readonly deviceId: string,
    initial: HlcState = { physical: 0, counter: 0 },
    private readonly now: () => number = Date.now,
  ) {
    this.state = initial;
  }

  next(): string {
    this.state = tickHlc(this.state, this.now());
    return formatHlc(this.state, this.deviceId);
  }

  /** The first of `count` consecutive stamps (see advanceHlc); the clock moves past the last. */
  nextBlock(count: number): string {
    const first = this.next();
    if (count > 1) {
      const total = this.state.counter + count - 1;
      this.state = { physical: this.state.physical + Math.floor(total / (MAX_COUNTER + 1)), counter: total % (MAX_COUNTER + 1) };
    }
    return first;
  }

  observe(remoteStamp: string): void {
    this.state = receiveHlc(this.state, parseHlc(remoteStamp), this.now());
  }

  get current(): HlcState {
    return { ...this.state };
  }
}
