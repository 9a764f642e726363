import { describe, expect, it } from 'vitest';
import { parseTypedDate } from '../../shared/dates';
import { checkFieldValue } from '../../shared/dossier/values';
import { findField } from '../../shared/dossier/fields';

describe('dates typed by a person', () => {
  it.each([
    ['2026-12-15', '2026-12-15'],
    ['2026-1-5', '2026-01-05'],
    ['2026/12/15', '2026-12-15'],
    ['Dec 15, 2026', '2026-12-15'],
    ['dec 15 2026', '2026-12-15'],
    ['December 15, 2026', '2026-12-15'],
    ['15 December 2026', '2026-12-15'],
    ['15 Dec 2026', '2026-12-15'],
    ['Dec. 15, 2026', '2026-12-15'],
    ['December 1st, 2026', '2026-12-01'],
    ['Tue, Dec 15, 2026', '2026-12-15'],
    ['  Feb 29, 2028 ', '2028-02-29'],
  ])('reads %s as %s', (typed, iso) => {
    expect(parseTypedDate(typed)).toBe(iso);
  });

  it.each(['12/11/2026', 'Feb 30, 2026', '2026-13-01', 'tomorrow-ish', '', 'Dec 2026', '15/12/26'])('refuses %j', (typed) => {
    expect(parseTypedDate(typed)).toBeUndefined();
  });

  it('dossier date fields take the typed forms and store YYYY-MM-DD', () => {
    const def = findField('targets.go_live_date')!;
    expect(def.kind).toBe('date');
    expect(checkFieldValue(def, 'Dec 15, 2026')).toEqual({ ok: true, value: '2026-12-15' });
    const refused = checkFieldValue(def, 'someday');
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.message).toContain('type it as YYYY-MM-DD or like Dec 15, 2026');
  });
});
