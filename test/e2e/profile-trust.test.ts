/**
 * Who you are and whom you trust, in the real UI: a fresh data folder opens on the first-run
 * profile form (refusing it empty), the saved profile is shown in the header and is the actor of
 * the next change; Your profile lists the change. A key received through sync appears on the
 * Documents tab with fingerprint, name, role and publisher, and is trusted only after the
 * fingerprint is confirmed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { generateSigningKey, keyIdOf, publicKeyBase64, publicKeyOf } from '../../electron/packages/keys';
import { recordKnownKeys } from '../../electron/packages/keyring';
import { keysDirOf } from '../../electron/packages/index';
import { launchChromium, screenshot, startWorkbench, type Workbench } from './support/workbench';
import { waitForText } from './support/expectations';

const NAME = 'Hemi Tūhoe-Ngāti';

describe('first-run profile and key trust', () => {
  let workbench: Workbench;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    workbench = await startWorkbench({ profile: null });
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-CA', timezoneId: 'America/Vancouver' });
    page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    await page.goto(workbench.host.launchUrl);
  });

  afterAll(async () => {
    await browser?.close();
    await workbench?.close();
  });

  it('asks who you are on first start, then records your changes under that name', async () => {
    await page.getByRole('heading', { name: 'Welcome to the PCR Onboarding Workbench' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Main' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Save and start' }).click();
    await waitForText(page.locator('.profile-form'), 'Choose the role you hold');
    expect((await workbench.engine.handlers['profile.get']({})).profile).toBeNull();

    await page.getByRole('textbox', { name: 'Your name' }).fill(NAME);
    await page.locator('.profile-form .bcds-react-aria-Select button').click();
    await page.getByRole('option', { name: 'Conformance and Integration Services (CIS)' }).click();
    await page.getByRole('textbox', { name: 'Organization' }).fill('Ministry of Health');
    await page.getByRole('textbox', { name: 'E-mail' }).fill('hemi@gov.bc.ca');
    await screenshot(page, 'profile-first-run');
    await page.getByRole('button', { name: 'Save and start' }).click();

    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await waitForText(page.locator('.app-header__user'), `${NAME}, Conformance and Integration Services (CIS)`);
    const stored = await workbench.engine.handlers['profile.get']({});
    expect(stored.profile).toMatchObject({ name: NAME, role: 'cis', organization: 'Ministry of Health', email: 'hemi@gov.bc.ca' });
    const dossier = await workbench.engine.handlers['dossier.create']({ fields: { 'organization.legal_name': 'Fraser Clinic', 'application.name': 'EMR' } });
    const history = await workbench.engine.handlers['dossier.history']({ id: dossier.id, limit: 50 });
    expect(new Set(history.map((e) => e.actor))).toEqual(new Set([NAME]));

    // One Settings entry in the main navigation; Your profile is one of its sections.
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Your profile' }).count()).toBe(0);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
    await waitForText(page.locator('h1'), 'Sync settings');
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('button', { name: 'Your profile' }).click();
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).getAttribute('aria-current')).toBe('page');
    await page.getByRole('heading', { name: 'Changes to your profile' }).waitFor();
    await waitForText(page.locator('.profile-history'), 'Conformance and Integration Services (CIS)');
    await screenshot(page, 'profile-settings', { fullPage: true });
  });

  it('shows a key received through sync as known, and trusts it only after the fingerprint is confirmed', async () => {
    const key = publicKeyOf(generateSigningKey());
    const keyId = keyIdOf(key);
    recordKnownKeys(keysDirOf(workbench.dataDir), [{ key_id: keyId, public_key: publicKeyBase64(key), name: 'Maya Manager', role: 'moh_registries_manager', published_by: 'maya' }], new Date());
    const grouped = keyId.match(/.{4}/g)!.join(' ');

    await page.getByRole('button', { name: 'Dossiers' }).click();
    await page.getByText('Fraser Clinic').first().click();
    await page.getByRole('tab', { name: 'Documents' }).click();
    const known = page.getByTestId('known-keys');
    await waitForText(known, 'Maya Manager');
    await waitForText(known, grouped);
    await waitForText(known, 'published by maya');
    await known.getByRole('button', { name: 'Trust…' }).click();
    await waitForText(known, `Only if Maya Manager read you the fingerprint ${grouped}`);
    await screenshot(page, 'keys-trust-confirm', { fullPage: true });
    expect((await workbench.engine.handlers['keys.status']({})).trusted_keys.map((k) => k.key_id)).not.toContain(keyId);
    await known.getByRole('button', { name: 'Yes, the fingerprint matches' }).click();
    await waitForText(page.locator('.keys-panel__notice'), 'Now trusting Maya Manager');
    const status = await workbench.engine.handlers['keys.status']({});
    expect(status.trusted_keys.map((k) => k.key_id)).toContain(keyId);
    expect(status.known_keys).toEqual([]);
    expect(problems).toEqual([]);
  });
});
