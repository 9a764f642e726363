/** A clock offset in words: positive means the server's clock is ahead of this computer's. */
export function formatOffset(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < 1000) return 'In step with the server (under a second)';
  const amount = abs >= 3_600_000 ? `${(abs / 3_600_000).toFixed(1)} h` : abs >= 60_000 ? `${Math.round(abs / 60_000)} min` : `${Math.round(abs / 1000)} s`;
  return ms > 0 ? `This computer is ${amount} behind the server` : `This computer is ${amount} ahead of the server`;
}
