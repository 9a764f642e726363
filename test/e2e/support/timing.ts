/**
 * How long the page takes from a person's key press or click to a screen state, measured inside
 * the page (performance.now at the event, then each animation frame until the state shows). The
 * e2e suite prints these figures and never fails on them: a loaded machine is slow.
 */
import type { Page } from 'playwright-core';

/**
 * Arms the page, runs `act` (a key press or a click), and resolves with the milliseconds from that
 * event to the first frame where `selector` matches an element that is not inside a hidden part.
 */
export async function timeUntilShown(page: Page, selector: string, act: () => Promise<void>): Promise<number> {
  // A script as text: tsx (the benchmarks) would otherwise wrap its named functions in a helper the page lacks.
  await page.evaluate(`
    window.__shownAfter = new Promise((resolve) => {
      let start = null;
      const mark = () => { if (start === null) start = performance.now(); };
      window.addEventListener('keydown', mark, { capture: true, once: true });
      window.addEventListener('pointerdown', mark, { capture: true, once: true });
      const shown = () => [...document.querySelectorAll(${JSON.stringify(selector)})].some((el) => !el.closest('[hidden]'));
      const check = () => {
        if (start !== null && shown()) resolve(performance.now() - start);
        else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    });
    undefined; // the script's value: not the promise, which only resolves after the act below
  `);
  await act();
  return page.evaluate(() => (window as unknown as { __shownAfter: Promise<number> }).__shownAfter);
}

/** One line of figures in the test output, e.g. "[timing] switch to Process (loaded)  12 ms (aim < 100 ms)". */
export function reportTiming(label: string, ms: number, aimMs: number): void {
  console.log(`[timing] ${label.padEnd(48)} ${ms.toFixed(0).padStart(5)} ms (aim < ${aimMs} ms)${ms > aimMs ? '  OVER THE AIM' : ''}`);
}
