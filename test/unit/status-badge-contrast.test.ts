/**
 * Every status badge tone in the UI kit's stylesheet: its text colour on its tint reaches WCAG AA
 * (4.5:1 for the badge's small bold text), read from the stylesheet the renderer ships.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { STATUS_TONES } from '../../renderer/ui/statusTones';

const KIT_CSS = fs.readFileSync(path.resolve(import.meta.dirname, '../../renderer/ui/kit.css'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');

function luminance(hex: string): number {
  const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** The colours a tone's rule sets (a rule may name several tones, as `.status-badge--info, .status-badge--intake`). */
function toneColours(tone: string): { text: string; surface: string } {
  const rule = [...KIT_CSS.matchAll(/([^{}]+)\{([^}]*)\}/g)].find(([, selectors]) => selectors!.split(',').some((s) => s.trim() === `.status-badge--${tone}`));
  expect(rule, `a rule for .status-badge--${tone}`).toBeDefined();
  const text = /--badge-text:\s*(#[0-9a-f]{6})/i.exec(rule![2]!)?.[1];
  const surface = /--badge-surface:\s*(#[0-9a-f]{6})/i.exec(rule![2]!)?.[1];
  expect(text && surface, `literal colours for ${tone}`).toBeTruthy();
  return { text: text!, surface: surface! };
}

describe('status badge tones', () => {
  it('knows the contrast of known pairs', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    // The Deployment badge the walk-through measured: #b5651d on #fbf1e7.
    expect(contrast('#b5651d', '#fbf1e7')).toBeCloseTo(3.88, 1);
  });

  for (const tone of STATUS_TONES) {
    it(`${tone}: text on its tint and on white at least 4.5:1`, () => {
      const { text, surface } = toneColours(tone);
      expect(contrast(text, surface)).toBeGreaterThanOrEqual(4.5);
      expect(contrast(text, '#ffffff')).toBeGreaterThanOrEqual(4.5);
    });
  }
});
