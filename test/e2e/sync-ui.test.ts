/**
 * Team sync in the real UI, against a real sync server process on 127.0.0.1 (SQLite) and a second
 * lead's engine: the header status with no server, the settings' checks and connection test (wrong
 * token, right token), the status as it syncs and as changes wait, two leads changing the same
 * fields while apart, the conflicts overall and on the dossier, resolved by keyboard and by button,
 * the resolution reaching the other lead, an unreachable server said in words, a server that comes
 * back as another one, and the token forgotten.
 *
 * The token is typed in the settings and saved with `sync.token.set`; the browser host keeps it in
 * memory for its run (as `npm run host` does), so the screen says that, and no file, page storage or
 * answer holds it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createEngine, type Engine } from '../../electron/engine/index';
import { addUser, startServer, type ServerProcess } from '../integration/sync-harness';
import { launchChromium, openWorkbench, screenshot, startWorkbench, type Workbench } from './support/workbench';
import { waitForCount, waitForText } from './support/expectations';

const ORGANIZATION = 'Sḵwx̱wú7mesh Úxwumixw Health Services';

describe('team sync in the window', () => {
  let server: ServerProcess;
  let serverDir: string;
  let tokens: { elise: string; tom: string };
  let workbench: Workbench;
  let tom: Engine;
  let tomDir: string;
  let browser: Browser;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    serverDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcr-sync-ui-server-'));
    const db = `sqlite:${path.join(serverDir, 'sync.sqlite')}`;
    tokens = { elise: addUser(db, 'elise'), tom: addUser(db, 'tom') };
    server = await startServer(db);
    workbench = await startWorkbench({ actor: 'Élise Tremblay' });
    tomDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcr-sync-ui-tom-'));
    tom = createEngine({ dataDir: tomDir, actor: 'Tom Nakamura', syncToken: () => tokens.tom });
    browser = await launchChromium();
    ({ page, problems } = await openWorkbench(browser, workbench));
  });

  afterAll(async () => {
    await browser?.close();
    await workbench?.close();
    tom?.close();
    await server?.stop();
    for (const dir of [tomDir, serverDir]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const chip = () => page.locator('.sync-chip');
  const panel = () => page.getByRole('region', { name: 'Team sync details' });
  const openPanel = async () => {
    if ((await chip().getAttribute('aria-expanded')) !== 'true') await chip().click();
    await panel().waitFor();
  };
  const settingsForm = () => page.locator('form[aria-label="Sync server"]');
  /** Everything a token could have leaked into: the data folder's files, the page's storage. */
  const tokenLeaks = async (token: string) => {
    const where: string[] = [];
    for (const entry of fs.readdirSync(workbench.dataDir, { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && fs.readFileSync(path.join(entry.parentPath, entry.name)).includes(token)) where.push(entry.name);
    }
    if ((await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }))).includes(token)) where.push('page storage');
    return where;
  };
  const tomSync = () => tom.handlers['sync.run']({ server_url: server.url, allow_mass_delete: false, accept_new_server: false });

  it('shows sync as not set up, with an empty conflicts view', async () => {
    await waitForText(chip(), 'Not syncing');
    expect(await chip().textContent()).not.toContain('waiting');
    // Keyboard: the status is a button in the tab order; Enter opens its details, Escape closes them.
    await chip().focus();
    await page.keyboard.press('Enter');
    await panel().waitFor();
    await waitForText(panel(), 'Set the team’s sync server');
    expect(await panel().getByRole('button', { name: 'Sync now' }).isDisabled()).toBe(true);
    await screenshot(page, 'sync-01-not-set-up');
    await page.keyboard.press('Escape');
    expect(await panel().isHidden()).toBe(true);
    expect(await chip().evaluate((el) => el === document.activeElement)).toBe(true);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Conflicts' }).click();
    await waitForText(page.locator('h1'), 'Conflicts');
    await waitForText(page.locator('.empty-state__title'), 'Nothing to decide');
    await screenshot(page, 'sync-02-conflicts-empty');

    // Settings are one click away in the main navigation, not only from the status's panel.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
    await waitForText(page.locator('h1'), 'Sync settings');
    expect(problems).toEqual([]);
  });

  it('checks the settings, tests a wrong then the right token, and saves the address and the token', async () => {
    await openPanel();
    await panel().getByRole('button', { name: 'Sync settings' }).click();
    await waitForText(page.locator('h1'), 'Sync settings');
    const address = page.getByLabel('Server address');
    const token = page.getByLabel('Token');
    expect(await token.getAttribute('type')).toBe('password');

    await address.fill('sync.example.org');
    await token.fill('short');
    await page.getByRole('button', { name: 'Test connection' }).click();
    await waitForText(page.locator('form[aria-label="Sync server"]'), 'The server address starts with http:// or https://');
    await waitForText(page.locator('form[aria-label="Sync server"]'), 'The token is too short');
    await screenshot(page, 'sync-03-settings-invalid');

    await address.fill(server.url);
    await token.fill('pcrs_this-is-not-a-real-token');
    await page.getByRole('button', { name: 'Test connection' }).click();
    const failed = await waitForText(page.getByRole('alert'), 'The connection failed');
    expect(failed).toMatch(/refused the token/);
    await screenshot(page, 'sync-04-test-wrong-token');

    await token.fill(tokens.elise);
    await page.getByRole('button', { name: 'Test connection' }).click();
    const connected = await waitForText(page.getByRole('status').filter({ hasText: 'Connected' }), 'Signed in as');
    expect(connected).toContain('elise (editor)');
    expect(connected).toMatch(/Clock offset/);
    expect(connected).toMatch(/Server identity/);
    await screenshot(page, 'sync-05-test-connected');

    // Before saving, the screen says where this workbench would keep a token: the host's memory, for this run.
    expect(await settingsForm().locator('.sync-settings__keeping').textContent()).toMatch(/keeps the token in memory only, until it stops; it is never written to a file/);
    await page.getByRole('button', { name: 'Save sync settings' }).click();
    const said = await waitForText(page.locator('.sync-settings__results'), 'Server address saved.');
    expect(said).toContain('Token kept for this run of the browser host only (in memory, never in a file).');
    // The field is emptied, the window forgets it; the engine has it.
    expect(await token.inputValue()).toBe('');
    await waitForText(page.locator('.sync-settings__state .sync-facts'), 'In memory until the host stops');
    const status = await workbench.engine.handlers['sync.status']({});
    expect(status).toMatchObject({ server_url: server.url, has_token: true, token_keeping: { kind: 'memory' } });
    expect(JSON.stringify(status)).not.toContain(tokens.elise);
    expect(await tokenLeaks(tokens.elise)).toEqual([]);
    await screenshot(page, 'sync-06-settings-saved', { fullPage: true });
    // Saved, the background sync starts with it.
    await waitForText(chip(), /Synced just now/, 30_000);
    expect(problems).toEqual([]);
  });

  it('shows changes waiting, syncs them, and brings two leads’ concurrent edits to a conflict', async () => {
    const dossier = await workbench.engine.handlers['dossier.create']({
      fields: { 'organization.legal_name': ORGANIZATION, 'application.name': 'Clinic EMR', 'application.vendor': 'Acme Health' },
    });
    // The header reads the status every few seconds and says what waits; the background then syncs it.
    await waitForText(chip(), /changes? waiting/, 15_000);
    await screenshot(page, 'sync-07-changes-waiting');
    await waitForText(chip(), /^Team sync: Synced just now$/, 30_000);
    expect((await workbench.engine.handlers['sync.status']({})).waiting).toBe(0);

    // Tom gets the dossier; both change the same three fields while apart; Tom syncs first.
    await tomSync();
    await tom.handlers['dossier.update']({ id: dossier.id, changes: { 'application.vendor': 'Zeta Systems', 'targets.go_live_date': '2026-11-02', 'status.rag': 'red' } });
    await workbench.engine.handlers['dossier.update']({ id: dossier.id, changes: { 'application.vendor': 'Acme Health Inc.', 'targets.go_live_date': '2026-10-05', 'status.rag': 'amber' } });
    await tomSync();

    await openPanel();
    await panel().getByRole('button', { name: 'Sync now' }).click();
    await waitForText(panel(), /3 new conflicts/, 30_000);
    await waitForText(panel(), '3 conflicts to resolve');
    await screenshot(page, 'sync-08-status-with-conflicts');
    const navConflicts = page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /Conflicts/ });
    await waitForText(navConflicts, 'Conflicts 3');
    await page.keyboard.press('Escape');

    // Overall view: who, when, the field in words, both values side by side.
    await navConflicts.click();
    await waitForText(page.locator('.conflicts__heading'), '3 conflicts to resolve');
    const vendor = page.locator('.conflict', { hasText: 'Vendor' });
    await waitForText(vendor.locator('.conflict__meta'), 'Úxwumixw Health Services');
    await waitForText(vendor.locator('.conflict-side--local'), 'Acme Health Inc.');
    await waitForText(vendor.locator('.conflict-side--local'), 'Élise Tremblay');
    await waitForText(vendor.locator('.conflict-side--remote'), 'Zeta Systems');
    await waitForText(vendor.locator('.conflict-side--remote'), 'Tom Nakamura');
    await waitForText(page.locator('.conflict', { hasText: 'RAG status' }).locator('.conflict-side--remote .conflict-side__value'), 'Red');
    await waitForText(page.locator('.conflict', { hasText: 'Go-live' }).locator('.conflict-side--local .conflict-side__value'), '2026-10-05');
    expect(await vendor.textContent()).toContain(dossier.reference);
    await screenshot(page, 'sync-09-conflicts-overall', { fullPage: true });

    // Keyboard: focus in the vendor conflict, R keeps the team's value; it leaves the list and the focus moves on.
    await vendor.getByRole('button', { name: /Keep this computer’s value/ }).focus();
    await page.keyboard.press('r');
    await waitForCount(page.locator('.conflict', { hasText: 'Vendor' }), (n) => n === 0, 'the vendor conflict gone');
    await waitForText(page.locator('.conflicts__heading'), '2 conflicts to resolve');
    expect(await page.evaluate(() => Boolean(document.activeElement?.closest('.conflict')))).toBe(true);
    expect((await workbench.engine.handlers['dossier.get']({ id: dossier.id })).fields['application.vendor']).toBe('Zeta Systems');

    // On the dossier: its Conflicts tab shows what is left; L keeps this computer's value, a button the other.
    await page.locator('.conflict').first().getByRole('button', { name: dossier.reference }).click();
    await waitForText(page.getByRole('tab', { selected: true }), 'Conflicts 2');
    await screenshot(page, 'sync-10-dossier-conflicts', { fullPage: true });
    const goLive = page.locator('.conflict', { hasText: 'Go-live' });
    await goLive.focus();
    await page.keyboard.press('l');
    await waitForCount(page.locator('.conflict', { hasText: 'Go-live' }), (n) => n === 0, 'the go-live conflict gone');
    await page.locator('.conflict', { hasText: 'RAG status' }).getByRole('button', { name: /Keep the team’s value/ }).click();
    await waitForText(page.locator('.conflicts__heading'), 'No conflicts to resolve');
    await waitForText(page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /Conflicts/ }), /^Conflicts$/);
    await screenshot(page, 'sync-11-dossier-conflicts-resolved');
    const fields = (await workbench.engine.handlers['dossier.get']({ id: dossier.id })).fields;
    expect([fields['application.vendor'], fields['targets.go_live_date'], fields['status.rag']]).toEqual(['Zeta Systems', '2026-10-05', 'red']);

    // The choices are local changes: the window syncs them soon, and Tom gets the same values.
    await waitForText(chip(), /^Team sync: Synced just now$/, 30_000);
    await expect.poll(async () => (await workbench.engine.handlers['sync.status']({})).waiting, { timeout: 30_000, interval: 500 }).toBe(0);
    await tomSync();
    const toms = (await tom.handlers['dossier.get']({ id: dossier.id })).fields;
    expect([toms['application.vendor'], toms['targets.go_live_date'], toms['status.rag']]).toEqual(['Zeta Systems', '2026-10-05', 'red']);
    expect(problems).toEqual([]);
  });

  it('says in words when the server cannot be reached', async () => {
    await server.stop();
    await openPanel();
    await panel().getByRole('button', { name: 'Sync now' }).click();
    await waitForText(chip(), 'Server unreachable', 30_000);
    await waitForText(panel(), 'The sync server cannot be reached');
    await waitForText(panel(), `Could not reach the sync server at ${server.url}`);
    await waitForText(panel(), /Next sync\s*in \d+ s/);
    await screenshot(page, 'sync-12-server-unreachable');
    expect(problems).toEqual([]);
  });

  it('stops when the server comes back as another server, and syncs only once a person accepts it', async () => {
    // The same address, a fresh server (restored or reset): new identity, new users.
    const db = `sqlite:${path.join(serverDir, 'reset.sqlite')}`;
    const newToken = addUser(db, 'elise');
    const port = server.port;
    server = await startServer(db, port);
    // The new server knows Élise by a new token: she saves it in the settings, replacing the old one.
    await openPanel();
    await panel().getByRole('button', { name: 'Sync settings' }).click();
    await waitForText(page.locator('h1'), 'Sync settings');
    await page.getByLabel('Token').fill(newToken);
    await page.getByRole('button', { name: 'Save sync settings' }).click();
    await waitForText(page.locator('.sync-settings__results'), 'Token kept for this run of the browser host only');
    await openPanel();
    await panel().getByRole('button', { name: 'Sync now' }).click();
    await waitForText(chip(), 'Server changed — needs you', 30_000);
    await waitForText(panel(), 'The sync server is not the one this workbench synced with');
    await waitForText(panel(), /Next sync\s*Waits for you/);
    await screenshot(page, 'sync-13-server-identity-changed');
    const before = (await workbench.engine.handlers['sync.status']({})).server_id;

    // Accepting asks first; saying no changes nothing.
    // The question is answered before the click returns; a "no" sends nothing, so there is nothing to wait for after it.
    // The question comes in a modal dialog; Escape declines it and leaves the panel open.
    const question = page.getByRole('dialog', { name: 'Accept the new sync server?' });
    await panel().getByRole('button', { name: 'Accept the new server and sync' }).click();
    await waitForText(question, 'Every change on this computer is sent to it again');
    await page.keyboard.press('Escape');
    await question.waitFor({ state: 'detached' });
    expect((await workbench.engine.handlers['sync.status']({})).server_id).toBe(before);
    await panel().getByRole('button', { name: 'Accept the new server and sync' }).click();
    await question.getByRole('button', { name: 'Accept and sync' }).click();
    await waitForText(chip(), /^Team sync: Synced just now$/, 30_000);
    const after = await workbench.engine.handlers['sync.status']({});
    expect(after.server_id).not.toBe(before);
    expect(after.last_error).toBeNull();
    expect(await tokenLeaks(newToken)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('forgets the token after asking, and the header then asks for one', async () => {
    await openPanel();
    await panel().getByRole('button', { name: 'Sync settings' }).click();
    await waitForText(page.locator('h1'), 'Sync settings');
    // The question comes in a modal dialog: focus inside it, Tab stays inside, Escape declines and
    // gives the focus back to the button that asked.
    const forget = page.getByRole('button', { name: 'Forget the token' });
    await forget.click();
    const dialog = page.getByRole('dialog', { name: 'Forget the sync token?' });
    await dialog.waitFor();
    await waitForText(dialog, 'Syncing stops until a token is saved again');
    await screenshot(page, 'sync-13b-forget-token-dialog');
    for (let i = 0; i < 3; i += 1) {
      await page.keyboard.press('Tab');
      expect(await dialog.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    }
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await forget.evaluate((el) => el === document.activeElement)).toBe(true);
    expect((await workbench.engine.handlers['sync.status']({})).has_token).toBe(true);

    await forget.click();
    await dialog.getByRole('button', { name: 'Forget the token' }).click();
    await waitForText(page.locator('.sync-settings__results'), 'Token forgotten.');
    await waitForText(page.locator('.sync-settings__state .sync-facts'), /Token\s*None/);
    expect(await page.getByRole('button', { name: 'Forget the token' }).count()).toBe(0);
    await waitForText(chip(), 'Sync token needed', 15_000);
    expect((await workbench.engine.handlers['sync.status']({})).has_token).toBe(false);
    await screenshot(page, 'sync-14-token-forgotten');
    expect(problems).toEqual([]);
  });
});
