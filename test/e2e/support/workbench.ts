/** A real workbench for the e2e tests: engine on a temporary data folder, browser host, Chromium. */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { PASSPHRASE_ENV, defaultKeyVault, keysDirOf } from '../../../electron/packages/index';
import { createEngine, type Engine } from '../../../electron/engine/index';
import { startHost, type RunningHost } from '../../../electron/host/index';
import { MemoryTokenStore, type SyncTokenStore } from '../../../electron/sync/index';

export const RENDERER_DIR = path.resolve(import.meta.dirname, '../../../dist/renderer');
export const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../../../test-results/screenshots');

export interface Workbench {
  engine: Engine;
  host: RunningHost;
  dataDir: string;
  close(): Promise<void>;
}

export interface WorkbenchOptions {
  actor?: string;
  seed?: number;
  templatesDir?: string;
  /** Where the engine keeps the sync token saved in the settings; default: in memory, as `npm run host` without PCR_WORKBENCH_SYNC_TOKEN. */
  syncTokenStore?: SyncTokenStore;
  /**
   * The profile set before the page opens (default: the actor, as MoH Health Registries manager),
   * so a test starts past the first-run screen; null starts with none, on the first-run screen.
   */
  profile?: { name: string; role: 'moh_registries_manager' | 'moh_registries_admin' | 'cis' | 'cgi_business_support_lead' } | null;
}

export async function startWorkbench(options: WorkbenchOptions = {}): Promise<Workbench> {
  if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html'))) {
    throw new Error(`The renderer is not built (${RENDERER_DIR}/index.html is missing). Run "npx vite build" first; "npm test" does it for you.`);
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcr-workbench-e2e-'));
  const engine = createEngine({
    dataDir,
    actor: options.actor ?? 'Élise Tremblay',
    ...(options.templatesDir ? { templatesDir: options.templatesDir } : {}),
    syncTokenStore: options.syncTokenStore ?? new MemoryTokenStore(undefined),
    // As `npm run host` with PCR_WORKBENCH_KEY_PASSPHRASE set: the signing key file is protected by it.
    keyVault: defaultKeyVault(keysDirOf(dataDir), { [PASSPHRASE_ENV]: 'e2e signing key passphrase' }),
  });
  const profile = options.profile === undefined ? { name: options.actor ?? 'Élise Tremblay', role: 'moh_registries_manager' as const } : options.profile;
  if (profile) await engine.handlers['profile.set'](profile);
  if (options.seed) await engine.handlers['demo.seed']({ count: options.seed });
  const host = await startHost({ handlers: engine.handlers, rendererDir: RENDERER_DIR, port: 0 });
  return {
    engine,
    host,
    dataDir,
    async close() {
      await host.close();
      engine.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface WatchedPage {
  page: Page;
  /** Console errors, uncaught exceptions and Content Security Policy violations seen so far. */
  problems: string[];
}

export async function openWorkbench(browser: Browser, workbench: Workbench): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-CA', timezoneId: 'America/Vancouver' });
  // Playwright's 30 s default for each action is too short on a loaded 2-core machine.
  context.setDefaultTimeout(90_000);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  await page.exposeFunction('__reportCspViolation', (text: string) => problems.push(`CSP: ${text}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { __reportCspViolation(text: string): void }).__reportCspViolation(
        `${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`,
      );
    });
  });
  await page.goto(workbench.host.launchUrl);
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  return { page, problems };
}

export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  // Fonts must be in before the picture is taken, or names render in a fallback face.
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: options.fullPage ?? false });
  await expectAccessible(page, name);
}

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html: string; failureSummary?: string; any: { relatedNodes: { target: string[] }[] }[] }[];
}

/**
 * Every screen state the e2e suite photographs is also checked by axe-core (WCAG 2.2 A/AA rules):
 * a serious or critical violation fails the test, naming the rule and the elements.
 */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  // page.evaluate runs outside the page's Content-Security-Policy, which would refuse an inline script.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    // react-aria's live announcer (a hidden live region of its own) keeps old announcements that
    // point at elements since removed; it is not part of any screen.
    const result = await axe.run({ exclude: [['[data-live-announcer]']] } as unknown as Document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] }, resultTypes: ['violations'] });
    // axe-core places a sticky bar's controls as if they were in the flow (dequelabs/axe-core#3720) and
    // counts the part of a target outside the scrolled view as free, so a field that at this scroll
    // position is entirely behind a sticky bar (the Overview's save bar) is reported as too small a
    // target. Nobody can point at it there; scrolled to, or focused, it is clear of the bar (the
    // screens scroll a focused field above their bar, and the e2e tests check that by keyboard).
    const entirelyBehindStickyBar = (node: AxeViolation['nodes'][number]): boolean => {
      const target = document.querySelector(node.target[0] ?? '');
      const bars = node.any.flatMap((check) => check.relatedNodes).map((related) => {
        for (let el = document.querySelector(related.target[0] ?? ''); el; el = el.parentElement) if (getComputedStyle(el).position === 'sticky') return el;
        return null;
      });
      if (!target || bars.length === 0 || bars.some((bar) => bar === null)) return false;
      const box = target.getBoundingClientRect();
      let [top, right, bottom, left] = [Math.max(box.top, 0), Math.min(box.right, innerWidth), Math.min(box.bottom, innerHeight), Math.max(box.left, 0)];
      for (let el = target.parentElement; el; el = el.parentElement) {
        if (getComputedStyle(el).overflow === 'visible') continue;
        const clip = el.getBoundingClientRect();
        [top, right, bottom, left] = [Math.max(top, clip.top), Math.min(right, clip.right), Math.min(bottom, clip.bottom), Math.max(left, clip.left)];
      }
      if (bottom <= top || right <= left) return true;
      return bars.some((bar) => {
        const b = bar!.getBoundingClientRect();
        return b.top <= top && b.bottom >= bottom && b.left <= left && b.right >= right;
      });
    };
    return result.violations
      .map((v) => ({ ...v, nodes: v.id === 'target-size' ? v.nodes.filter((n) => !entirelyBehindStickyBar(n)) : v.nodes }))
      .filter((v) => v.nodes.length > 0)
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, html: n.html.slice(0, 200), failureSummary: n.failureSummary })) }));
  });
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (process.env.AXE_REPORT) {
    const dir = path.resolve(SCREENSHOT_DIR, '../axe');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(violations, null, 2));
    return;
  }
  if (serious.length > 0) {
    const lines = serious.map(
      (v) => `${v.impact} ${v.id} (${v.help}) on ${v.nodes.length}: ${v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join(' | ')}${v.nodes[0] ? ` — ${v.nodes[0].html} — ${(v.nodes[0].failureSummary ?? '').replace(/\s+/g, ' ')}` : ''}`,
    );
    throw new Error(`Accessibility (axe-core) on "${name}":\n${lines.join('\n')}`);
  }
}

/**
 * Drags a file over the window and drops it onto `target`, as a user dropping a file from the
 * desktop; `whileDragging` runs after the drag entered (to check what the window shows then).
 */
export async function dropFile(page: Page, target: Locator, file: { name: string; type: string; bytes: Uint8Array }, whileDragging?: () => Promise<void>): Promise<void> {
  const transfer = await page.evaluateHandle(
    ({ name, type, base64 }) => {
      const binary = atob(base64);
      const data = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i++) data[i] = binary.charCodeAt(i);
      const dt = new DataTransfer();
      dt.items.add(new File([data], name, { type }));
      return dt;
    },
    { name: file.name, type: file.type, base64: Buffer.from(file.bytes).toString('base64') },
  );
  await target.dispatchEvent('dragenter', { dataTransfer: transfer });
  await page.locator('.drop-overlay').waitFor();
  await whileDragging?.();
  await target.dispatchEvent('dragover', { dataTransfer: transfer });
  await target.dispatchEvent('drop', { dataTransfer: transfer });
  await page.locator('.drop-overlay').waitFor({ state: 'detached' });
}
