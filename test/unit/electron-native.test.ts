import { describe, expect, it } from 'vitest';
import { planNativeAddon, readAddonFacts, stampFor, type AddonFacts } from '../../scripts/prepare-electron-native';

const napi: AddonFacts = { electronVersion: '45.5.0', betterSqliteVersion: '13.2.0', napiVersion: 10, hasPrebuild: true, platform: 'linux', arch: 'x64' };
const legacy: AddonFacts = { ...napi, betterSqliteVersion: '11.10.0', napiVersion: null, hasPrebuild: false };

describe('scripts/prepare-electron-native.ts plan', () => {
  it('reads the installed better-sqlite3 as a Node-API addon', () => {
    const facts = readAddonFacts();
    expect(facts.napiVersion).toBeGreaterThanOrEqual(8);
    expect(facts.electronVersion).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('builds nothing for a Node-API addon with a prebuild, and drops a stale Electron copy', () => {
    expect(planNativeAddon(napi, null, false)).toMatchObject({ action: 'none', removeStale: false });
    expect(planNativeAddon(napi, stampFor(legacy), false)).toMatchObject({ action: 'none', removeStale: true });
  });

  it('builds a non-Node-API addon once per Electron and better-sqlite3 version', () => {
    expect(planNativeAddon(legacy, null, false).action).toBe('build');
    expect(planNativeAddon(legacy, stampFor(legacy), false).action).toBe('keep');
    expect(planNativeAddon({ ...legacy, electronVersion: '46.0.0' }, stampFor(legacy), false).action).toBe('build');
  });

  it('builds a Node-API 10 addon for an Electron whose Node predates Node-API 10, or when forced', () => {
    expect(planNativeAddon({ ...napi, electronVersion: '33.4.0' }, null, false).action).toBe('build');
    expect(planNativeAddon(napi, null, true).action).toBe('build');
  });
});
