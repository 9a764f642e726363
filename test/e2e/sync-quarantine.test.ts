/**
 * What sync kept aside, in the real UI (browser host, real SQLite file): the sync panel counts the
 * quarantined changes and gives each with its reason; a person drops one after a confirmation and
 * the count goes. A dossier holding a stored value that is not valid (a phase "bogus" written
 * outside the workbench) opens, says which value is invalid, and the list marks it — nothing fails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openWorkbench, screenshot, startWorkbench, type Workbench } from './support/workbench';
import { waitForCount, waitForText } from './support/expectations';

describe('quarantined changes and invalid stored values in the window', () => {
  let workbench: Workbench;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  let dossier: { id: string; reference: string };

  beforeAll(async () => {
    workbench = await startWorkbench({ actor: 'Élise Tremblay' });
    const { store, handlers } = workbench.engine;
    dossier = handlers['dossier.create']({ fields: { 'organization.legal_name': 'Fraser Clinic', 'application.name': 'Clinic EMR' } }) as { id: string; reference: string };
    // As a sync would have kept them aside: one received change that is not valid, one naming a dossier that is not here.
    const keep = store.db.prepare("INSERT INTO sync_quarantine(change_id, direction, server_seq, body, reason, at) VALUES (?, 'received', ?, ?, ?, ?)");
    const change = (id: string, over: Record<string, unknown>) =>
      JSON.stringify({ change_id: id, entity: 'dossiers', row_id: dossier.id, field: 'status__phase', value: '"bogus"', device_id: 'dev-x', actor: 'Mallory', dossier_id: dossier.id, base: null, seq: 7, user: 'mallory', ...over });
    keep.run('000001765000000:00001:dev-x', 7, change('000001765000000:00001:dev-x', {}), 'Phase [status.phase]: "bogus" is not one of intake, implementation, deployment, live', new Date().toISOString());
    keep.run('000001765000000:00002:dev-x', 8, change('000001765000000:00002:dev-x', { row_id: 'ghost', dossier_id: 'ghost', field: 'organization__legal_name', value: '"Ghost"' }), 'names dossier ghost, which does not exist here and is not created by this sync', new Date().toISOString());
    // A stored value written outside the workbench.
    store.db.prepare("UPDATE dossiers SET status__phase = 'bogus' WHERE id = ?").run(dossier.id);
    browser = await launchChromium();
    ({ page, problems } = await openWorkbench(browser, workbench));
  });

  afterAll(async () => {
    await browser?.close();
    await workbench?.close();
  });

  const panel = () => page.getByRole('region', { name: 'Team sync details' });

  it('lists the changes kept aside with their reasons and drops one after a confirmation', async () => {
    await page.locator('.sync-chip').click();
    await panel().waitFor();
    await waitForText(panel(), /Kept aside\s*2 changes to review/);
    const items = panel().locator('.sync-quarantine__item');
    await waitForCount(items, (n) => n === 2, 'two quarantined changes');
    expect(await panel().textContent()).toMatch(/"bogus" is not one of intake/);
    expect(await panel().textContent()).toMatch(/names dossier ghost, which does not exist here/);
    await screenshot(page, 'sync-quarantine-panel');
    const bogus = items.filter({ hasText: 'bogus' });
    await bogus.getByRole('button', { name: 'Drop…' }).click();
    await bogus.getByRole('button', { name: 'Drop this change' }).click();
    await waitForCount(items, (n) => n === 1, 'one quarantined change left');
    await waitForText(panel(), /Kept aside\s*1 change to review/);
    expect((workbench.engine.handlers['sync.quarantine.list']({ include_dropped: true }) as { dropped_by: string | null }[]).filter((q) => q.dropped_by === 'Élise Tremblay')).toHaveLength(1);
  });

  it('opens a dossier with an invalid stored phase and says which value is invalid; the list marks it', async () => {
    await page.keyboard.press('Escape');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Dossiers' }).click();
    const row = page.locator('[role="row"]', { hasText: dossier.reference });
    await waitForText(row, /Invalid value/);
    await screenshot(page, 'dossier-list-invalid-phase');
    await row.click();
    await waitForText(page.locator('.dossier-header__reference'), dossier.reference);
    await waitForText(page.locator('body'), /Some stored values are invalid/);
    expect(await page.locator('.dossier-header').textContent()).toContain('Invalid value');
    expect(await page.locator('body').textContent()).toMatch(/status\.phase \(Phase\): "bogus" is not one of/);
    await screenshot(page, 'dossier-invalid-stored-value');
    expect(problems).toEqual([]);
  });
});
