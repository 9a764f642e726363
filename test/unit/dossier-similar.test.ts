import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nameSimilarity } from '../../shared/dossier/similarNames';
import { createEngine, type Engine } from '../../electron/engine/index';

describe('similar organization names', () => {
  it.each([
    ['Fraser Health Authority', 'fraser health', true],
    ['Sḵwx̱wú7mesh Úxwumixw Health Services', 'Skwxwu7mesh Uxwumixw', true],
    ['ʔaq̓am Community Health', 'Aqam Health Centre', true],
    ['Interior Health Authority', 'Fraser Health Authority', false],
    ['Island Health', 'Vancouver Island Health Authority', true],
    ['Acme Medical Clinic Inc.', 'Beta Medical Clinic Ltd', false],
  ])('%s ~ %s: %s', (a, b, alike) => {
    expect(nameSimilarity(a, b) >= 0.75).toBe(alike);
  });
});

describe('dossier.similar', () => {
  let dir: string;
  let engine: Engine;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pcr-similar-'));
    engine = createEngine({ dataDir: dir, actor: 'Mei Chen' });
  });
  afterEach(() => {
    engine.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('names the dossiers of the same or a close organization, never the one excluded', async () => {
    const h = engine.handlers;
    const fraser = await h['dossier.create']({ fields: { 'organization.legal_name': 'Fraser Health Authority', 'application.name': 'Cerner' } });
    await h['dossier.create']({ fields: { 'organization.legal_name': 'Interior Health Authority', 'application.name': 'Meditech' } });
    const found = await h['dossier.similar']({ organization: 'fraser health' });
    expect(found.map((d) => [d.reference, d.organization, d.application, d.phase])).toEqual([[fraser.reference, 'Fraser Health Authority', 'Cerner', 'intake']]);
    expect(await h['dossier.similar']({ organization: 'Fraser Health Authority', exclude: fraser.id })).toEqual([]);
    expect(await h['dossier.similar']({ organization: 'Northern Health' })).toEqual([]);
    expect(await h['dossier.similar']({ organization: '  ' })).toEqual([]);
  });
});
