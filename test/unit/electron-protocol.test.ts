import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_SCHEME_PRIVILEGES, createAppProtocolHandler, resolveAppRequest } from '../../electron/app/appProtocol';
import { APP_START_URL, isAppUrl, isExternalLink } from '../../electron/app/origin';
import { CONTENT_SECURITY_POLICY } from '../../electron/host/security';
import { removeDir, tempDir } from '../support/tempData';

let root: string;
let rendererDir: string;
const logged: string[] = [];

beforeAll(() => {
  root = tempDir('pcr-wb-protocol-');
  rendererDir = path.join(root, 'renderer');
  fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Workbench</title>');
  fs.writeFileSync(path.join(rendererDir, 'assets', 'index-abc123.js'), 'console.log("app")');
  fs.writeFileSync(path.join(rendererDir, 'assets', 'BCSans-Regular.woff2'), 'font');
  // A secret next to the renderer folder, which no URL may reach.
  fs.writeFileSync(path.join(root, 'secret.txt'), 'do not serve');
  fs.writeFileSync(path.join(root, 'renderer-evil.txt'), 'do not serve either');
});
afterAll(() => removeDir(root));

const handler = () =>
  createAppProtocolHandler({ rendererDir, readFile: (file) => fs.promises.readFile(file), log: (line) => logged.push(line) });

const get = (url: string, method = 'GET') => handler()({ url, method });

describe('app:// protocol', () => {
  it('serves index.html for the start URL and the bare origin, with the CSP header', async () => {
    for (const url of [APP_START_URL, 'app://workbench/', 'app://workbench']) {
      const response = await get(url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await response.text()).toContain('<title>Workbench</title>');
    }
  });

  it('serves assets with their content type and the CSP header', async () => {
    const script = await get('app://workbench/assets/index-abc123.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await script.text()).toBe('console.log("app")');
    expect((await get('app://workbench/assets/BCSans-Regular.woff2')).headers.get('content-type')).toBe('font/woff2');
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get(APP_START_URL, 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect((await get(APP_START_URL, 'POST')).status).toBe(405);
  });

  it('falls back to index.html for client-side routes (no extension) and 404s a missing asset', async () => {
    const route = await get('app://workbench/dossiers/PCR-2026-0001');
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('<title>Workbench</title>');
    const missing = await get('app://workbench/assets/missing-chunk.js');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it.each([
    'app://workbench/../secret.txt',
    'app://workbench/assets/../../secret.txt',
    'app://workbench/%2e%2e/secret.txt',
    'app://workbench/..%2fsecret.txt',
    'app://workbench/assets/..%2F..%2Fsecret.txt',
    'app://workbench/..%5csecret.txt',
    'app://workbench/%2e%2e%5csecret.txt',
    'app://workbench/..%2f..%2f..%2f..%2fetc%2fpasswd',
    'app://workbench/%2fetc%2fpasswd',
    'app://workbench//etc/passwd',
    'app://workbench/secret.txt%00.js',
    'app://workbench/..%2frenderer-evil.txt',
  ])('never serves anything outside the renderer folder: %s', async (url) => {
    const response = await get(url);
    const body = await response.text();
    expect(body).not.toContain('do not serve');
    if (response.status === 200) expect(body).toContain('<title>Workbench</title>'); // normalised into the folder
    else expect([400, 404]).toContain(response.status);
  });

  it('refuses encoded traversal explicitly, and logs why', async () => {
    expect(resolveAppRequest(rendererDir, 'app://workbench/..%2fsecret.txt')).toMatchObject({ kind: 'refused', reason: 'path traversal' });
    expect(resolveAppRequest(rendererDir, 'app://workbench/..%5csecret.txt')).toMatchObject({ kind: 'refused', status: 400 });
    expect(resolveAppRequest(rendererDir, 'app://workbench/%E0%A4%A')).toMatchObject({ kind: 'refused', reason: 'malformed path encoding' });
    logged.length = 0;
    await get('app://workbench/%2e%2e%2fsecret.txt');
    expect(logged.join('\n')).toContain('path traversal');
  });

  it('serves only the workbench host', async () => {
    expect((await get('app://elsewhere/index.html')).status).toBe(404);
    expect((await get('app://workbench@elsewhere/index.html')).status).toBe(404);
    expect(resolveAppRequest(rendererDir, 'app://workbench:99/index.html')).toMatchObject({ kind: 'refused' });
  });

  it('registers a standard, secure scheme that does not bypass the CSP', () => {
    expect(APP_SCHEME_PRIVILEGES).toMatchObject({ standard: true, secure: true, bypassCSP: false, allowServiceWorkers: false });
  });
});

describe('origins', () => {
  it('recognises the app origin only', () => {
    expect(isAppUrl('app://workbench/index.html')).toBe(true);
    expect(isAppUrl('app://workbench/dossiers/1?tab=gate#top')).toBe(true);
    expect(isAppUrl('app://workbench.evil/index.html')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });

  it('hands only https and mailto links to the OS', () => {
    expect(isExternalLink('https://www2.gov.bc.ca/gov/content/health')).toBe(true);
    expect(isExternalLink('mailto:hlth.registries@gov.bc.ca')).toBe(true);
    for (const url of ['http://example.com', 'file:///C:/Windows/system32/calc.exe', 'smb://host/share', 'javascript:alert(1)', 'ms-msdt:/id']) {
      expect(isExternalLink(url)).toBe(false);
    }
  });
});
