/** Waiting assertions for playwright-core locators (the tests use vitest, not @playwright/test). */
// The bounds are generous: they only matter when something never happens, and a loaded machine is slow.
import type { Locator } from 'playwright-core';

export async function waitForText(locator: Locator, expected: string | RegExp, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = (await locator.first().textContent({ timeout: Math.max(100, deadline - Date.now()) }).catch(() => null)) ?? '';
    if (typeof expected === 'string' ? last.includes(expected) : expected.test(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Timed out waiting for ${String(locator)} to contain ${String(expected)}; it reads "${last}"`);
}

export async function waitForCount(locator: Locator, expected: (n: number) => boolean, description: string, timeoutMs = 60_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let n = -1;
  while (Date.now() < deadline) {
    n = await locator.count();
    if (expected(n)) return n;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Timed out waiting for ${String(locator)}: expected ${description}, found ${n}`);
}
