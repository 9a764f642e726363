/** Settings › Appearance through the contract: defaults, partial changes, refusals that keep what was saved, and a reopened data folder. */
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../shared/api/dispatch';
import { createEngine, type Engine } from '../../electron/engine/index';
import { removeDir, tempDir } from '../support/tempData';

let dataDir: string | null = null;
let engine: Engine | null = null;
const open = () => (engine = createEngine({ dataDir: dataDir!, actor: 'Test Lead' }));
afterEach(() => {
  engine?.close();
  if (dataDir) removeDir(dataDir);
  engine = null;
  dataDir = null;
});

const call = (name: string, input: unknown) => dispatch(engine!.handlers, name, input);

describe('appearance settings', () => {
  it('start at normal text, comfortable tables and the system motion, and keep each change across a restart', async () => {
    dataDir = tempDir();
    open();
    expect(await call('appearance.get', {})).toEqual({ ok: true, value: { text_size: 'normal', density: 'comfortable', motion: 'system' } });
    expect(await call('appearance.set', { text_size: 'larger' })).toEqual({ ok: true, value: { text_size: 'larger', density: 'comfortable', motion: 'system' } });
    await call('appearance.set', { density: 'compact', motion: 'reduce' });
    engine!.close();
    open();
    expect(await call('appearance.get', {})).toEqual({ ok: true, value: { text_size: 'larger', density: 'compact', motion: 'reduce' } });
  });

  it('refuses an unknown value or setting and leaves the saved settings as they were', async () => {
    dataDir = tempDir();
    open();
    await call('appearance.set', { text_size: 'large' });
    for (const bad of [{ text_size: 'huge' }, { density: 'tight' }, { motion: true }, { colour: 'dark' }]) {
      expect(await call('appearance.set', bad)).toMatchObject({ ok: false, error: { code: 'validation' } });
    }
    expect(await call('appearance.get', {})).toEqual({ ok: true, value: { text_size: 'large', density: 'comfortable', motion: 'system' } });
  });

  it('falls back to the default of a setting whose saved value is damaged, keeping the others', async () => {
    dataDir = tempDir();
    open();
    engine!.store.setMeta('appearance', JSON.stringify({ text_size: 'gigantic', density: 'compact' }));
    expect(await call('appearance.get', {})).toEqual({ ok: true, value: { text_size: 'normal', density: 'compact', motion: 'system' } });
    engine!.store.setMeta('appearance', '{not json');
    expect(await call('appearance.get', {})).toEqual({ ok: true, value: { text_size: 'normal', density: 'comfortable', motion: 'system' } });
  });
});
