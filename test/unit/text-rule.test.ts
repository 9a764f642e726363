/**
 * The one text rule (shared/text/textRule.ts): NFC, control characters, surrogates, lengths, and the
 * field named in every refusal — on its own, through the dossier field rules, at Store.write, and in
 * what a read shows for a value stored before the rule.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LONG_TEXT_MAX, SHORT_TEXT_MAX, breaksTextRule, checkText, printable } from '../../shared/text/textRule';
import { checkFieldValue } from '../../shared/dossier/values';
import { findField } from '../../shared/dossier/fields';
import { checkWireChange } from '../../shared/sync/schema';
import { createEngine, type Engine } from '../../electron/engine/index';
import { WorkbenchError } from '../../shared/api/errors';
import { dispatch } from '../../shared/api/dispatch';
import { removeDir, tempDir } from '../support/tempData';

const rule = (text: string, maxLength?: number) => checkText(text, { label: 'Legal name', ...(maxLength ? { maxLength } : {}) });

describe('text rule', () => {
  it('normalises to NFC and turns CR LF into LF, keeping tab and newline', () => {
    const decomposed = 'Gitxsan Nation — Ts\u0065\u0301ts\u0065\u0301'; // e + combining acute
    const checked = rule(decomposed);
    expect(checked).toEqual({ ok: true, value: 'Gitxsan Nation — Tsétsé' });
    expect(rule('line one\r\nline two\tend\n')).toEqual({ ok: true, value: 'line one\nline two\tend\n' });
    expect(rule('Sḵwx̱wú7mesh Úxwumixw 🌲')).toEqual({ ok: true, value: 'Sḵwx̱wú7mesh Úxwumixw 🌲'.normalize('NFC') });
  });

  it.each([
    ['NUL', 'a\u0000b', /NUL character \(U\+0000\) at character 2/],
    ['bell', 'ding\u0007', /bell character \(U\+0007\)/],
    ['terminal escape', 'red\u001b[31m', /escape character.*\(U\+001B\) at character 4/],
    ['backspace', 'x\u0008', /backspace/],
    ['other C0', 'x\u0001', /control character \(U\+0001\)/],
    ['lone CR', 'old\rmac', /carriage return not followed by a line feed/],
    ['DEL', 'x\u007f', /delete character \(U\+007F\)/],
    ['C1 (CSI)', 'x\u009b31m', /C1 control character \(U\+009B\)/],
    ['C1 (NEL)', 'x\u0085', /C1 control character \(U\+0085\)/],
    ['lone high surrogate', 'x\ud800y', /lone surrogate \(U\+D800\)/],
    ['lone low surrogate', '\udc00', /lone surrogate \(U\+DC00\)/],
    ['replacement character', 'caf\ufffd\ufffd', /replacement character \(U\+FFFD\)/],
    ['non-character', 'x\uffff', /non-character \(U\+FFFF\)/],
    ['right-to-left override', 'Fraser Health \u202egnp.exe', /bidirectional control character \(U\+202E\) .* at character 15/],
    ['left-to-right embedding', '\u202aName', /bidirectional control character \(U\+202A\)/],
    ['first-strong isolate', 'x\u2068y\u2069', /bidirectional control character \(U\+2068\)/],
    ['pop directional isolate', 'x\u2069', /bidirectional control character \(U\+2069\)/],
  ])('refuses %s, naming the field', (_name, text, message) => {
    const checked = rule(text);
    expect(checked.ok).toBe(false);
    if (!checked.ok) {
      expect(checked.message).toMatch(/^Legal name: contains /);
      expect(checked.message).toMatch(message);
    }
  });

  it('keeps the left-to-right and right-to-left marks, which only place punctuation', () => {
    expect(rule('Clinic \u200e(Surrey)\u200f').ok).toBe(true);
  });

  it('counts the length in characters, with a short and a long default', () => {
    expect(rule('x'.repeat(SHORT_TEXT_MAX)).ok).toBe(true);
    const long = rule('x'.repeat(SHORT_TEXT_MAX + 1));
    expect(long).toEqual({ ok: false, message: `Legal name: is ${SHORT_TEXT_MAX + 1} characters long; at most ${SHORT_TEXT_MAX} are accepted` });
    expect(rule('🌲'.repeat(10), 10).ok).toBe(true); // 20 UTF-16 units, 10 characters
    expect(rule('x'.repeat(LONG_TEXT_MAX), LONG_TEXT_MAX).ok).toBe(true);
    expect(rule('x'.repeat(LONG_TEXT_MAX + 1), LONG_TEXT_MAX).ok).toBe(false);
  });

  it('checks a received value as it is (no normalising), so devices keep the same bytes', () => {
    expect(checkText('e\u0301', { label: 'x', normalize: false })).toEqual({ ok: true, value: 'e\u0301' });
    expect(checkText('a\r\nb', { label: 'x', normalize: false }).ok).toBe(false);
  });

  it('prints stored control characters as visible escapes', () => {
    expect(printable('red\u001b[31m\u0007 ok\n\tnext \u009b \ud800')).toBe('red\\u001b[31m\\u0007 ok\n\tnext \\u009b \\ud800');
    const json = printable(JSON.stringify({ v: 'a\u0085b\ud800' }));
    expect(JSON.parse(json)).toEqual({ v: 'a\u0085b\ud800' });
  });

  it('is part of every dossier field rule, with the field path and label in the message', () => {
    const checked = checkFieldValue(findField('organization.legal_name')!, 'Fraser\u001b[2J Clinic');
    expect(checked).toEqual({ ok: false, message: expect.stringMatching(/^organization\.legal_name \(Legal name\): contains an escape character/) });
    expect(checkFieldValue(findField('status.summary')!, 'x'.repeat(20_001))).toMatchObject({ ok: false, message: expect.stringMatching(/Status summary.*at most 20000/) });
  });

  it('is part of the schema a change is checked against in sync', () => {
    const change = { entity: 'dossiers', row_id: 'd1', dossier_id: 'd1', field: 'organization__legal_name', actor: 'Ava', value: JSON.stringify('bad\u0000') };
    expect(checkWireChange(change)).toMatch(/Legal name \[organization\.legal_name\]: contains a NUL character/);
    expect(checkWireChange({ ...change, field: 'status__phase', value: '"bogus"' })).toMatch(/Phase.*"bogus" is not one of intake, implementation, deployment, live/);
    expect(checkWireChange({ ...change, value: '"Fraser Clinic"' })).toBeNull();
    expect(checkWireChange({ ...change, dossier_id: null })).toBe('no dossier id');
    expect(checkWireChange({ ...change, row_id: 'a b' })).toMatch(/not a workbench id/);
    expect(checkWireChange({ ...change, actor: 'Ava\u001b' })).toMatch(/^actor: contains an escape/);
    expect(checkWireChange({ ...change, entity: 'activities', field: 'status', row_id: 'a1', value: '"finished"' })).toMatch(/Activity — status: "finished" is not one of/);
    expect(checkWireChange({ ...change, value: '{"x":1}' })).toMatch(/not text, a number, yes\/no or empty/);
    // The questionnaire's and the packages' enumerations and the risk matrix's bounds too.
    const gap = { ...change, entity: 'gaps', row_id: 'g1' };
    expect(checkWireChange({ ...gap, field: 'status', value: '"closed"' })).toMatch(/"closed" is not one of open, in_progress, remediated, risk_accepted/);
    expect(checkWireChange({ ...gap, field: 'status', value: '"risk_accepted"' })).toBeNull();
    expect(checkWireChange({ ...gap, field: 'likelihood', value: '6' })).toMatch(/6 is not a whole number from 1 to 5/);
    expect(checkWireChange({ ...gap, field: 'impact', value: '2.5' })).toMatch(/not a whole number from 1 to 5/);
    expect(checkWireChange({ ...gap, field: 'impact', value: '5' })).toBeNull();
    expect(checkWireChange({ ...change, entity: 'questionnaire_answers', row_id: 'a1', field: 'response', value: '"yes"' })).toMatch(/"yes" is not one of compliant/);
    expect(checkWireChange({ ...change, entity: 'questionnaire_answers', row_id: 'a1', field: 'assessment', value: 'null' })).toBeNull();
    expect(checkWireChange({ ...change, entity: 'package_approvals', row_id: 'p1', field: 'decision', value: '"maybe"' })).toMatch(/"maybe" is not one of approved/);
  });
});

describe('text rule at the write path', () => {
  let dir: string;
  let engine: Engine | undefined;
  afterEach(() => {
    engine?.close();
    engine = undefined;
    removeDir(dir);
  });
  const open = () => {
    dir = tempDir();
    engine = createEngine({ dataDir: dir, actor: 'Ava' });
    return engine;
  };

  it('Store.write stores NFC and refuses a control character with a validation error naming the field; nothing is written', async () => {
    const e = open();
    const created = await dispatch(e.handlers, 'dossier.create', { fields: { 'organization.legal_name': 'Cafe\u0301 Clinic', 'application.name': 'EMR' } });
    expect(created.ok).toBe(true);
    const dossier = (created as { value: { id: string; fields: Record<string, unknown> } }).value;
    expect(dossier.fields['organization.legal_name']).toBe('Café Clinic');
    const log = () => (e.store.db.prepare('SELECT COUNT(*) AS n FROM change_log').get() as { n: number }).n;
    const before = log();
    const refused = await dispatch(e.handlers, 'dossier.update', { id: dossier.id, changes: { 'application.vendor': 'Acme\u0007' } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'validation', message: expect.stringMatching(/application\.vendor \(Vendor\): contains a bell character/) } });
    // Activities go through the same write path.
    const activity = await dispatch(e.handlers, 'activity.update', { id: dossier.id, activity: 'kickoff', changes: { notes: 'ok\u009b2J' } });
    expect(activity).toMatchObject({ ok: false, error: { code: 'validation', message: expect.stringMatching(/Activity — notes: contains a C1 control character/) } });
    // Straight at the store: the whole write is refused and names each field.
    let thrown: unknown;
    try {
      e.store.write('Ava', [
        { entity: 'dossiers', rowId: dossier.id, field: 'application__version', value: '1.0', dossierId: dossier.id },
        { entity: 'gaps', rowId: 'g1', field: 'description', value: 'x\ud800', dossierId: dossier.id },
      ]);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(WorkbenchError);
    expect((thrown as WorkbenchError).details?.problems).toEqual([{ field: 'gaps.description', message: expect.stringMatching(/^Gap — description: contains a lone surrogate/) }]);
    expect(log()).toBe(before);
  });

  it('reads a value stored before the rule as invalid instead of failing, and does not rewrite it', async () => {
    const e = open();
    const created = await dispatch(e.handlers, 'dossier.create', { fields: { 'organization.legal_name': 'Fraser Clinic', 'application.name': 'EMR' } });
    const id = (created as { value: { id: string } }).value.id;
    // Written outside the workbench (an older version, a hand edit): a terminal escape and an unknown phase.
    e.store.db.prepare("UPDATE dossiers SET organization__legal_name = ?, status__phase = 'bogus' WHERE id = ?").run('Fraser\u001b[31m Clinic', id);
    e.store.db.prepare("UPDATE activities SET status = 'finished' WHERE dossier_id = ? AND key = 'kickoff'").run(id);
    const shown = await dispatch(e.handlers, 'dossier.get', { id });
    expect(shown.ok).toBe(true);
    const dossier = (shown as { value: { fields: Record<string, unknown>; invalid: { field: string }[]; gate: { phase: string; ok: boolean; reasons: string[] } } }).value;
    expect(dossier.invalid.map((p) => p.field).sort()).toEqual(['activities.kickoff.status', 'organization.legal_name', 'status.phase']);
    expect(dossier.gate.phase).toBe('intake');
    expect(dossier.gate.ok).toBe(false);
    expect(dossier.gate.reasons.join('\n')).toMatch(/status\.phase \(Phase\): "bogus" is not one of/);
    const list = await dispatch(e.handlers, 'dossier.list', {});
    expect(list).toMatchObject({ ok: true, value: { total: 1, rows: [{ phase: 'intake', invalid: ['status.phase'] }] } });
    expect(await dispatch(e.handlers, 'dashboard.get', {})).toMatchObject({ ok: true, value: { total: 1, by_phase: { intake: 0 } } });
    expect(e.store.db.prepare('SELECT organization__legal_name AS v FROM dossiers WHERE id = ?').get(id)).toEqual({ v: 'Fraser\u001b[31m Clinic' });
  });
});

describe('the text rule, one character at a time', () => {
  it('refuses exactly the characters it names, whether the text is checked whole or walked (lone surrogates refused, pairs kept)', () => {
    const points = [...Array.from({ length: 0x3000 }, (_, i) => i), ...Array.from({ length: 0x100 }, (_, i) => 0xff00 + i)];
    for (const cp of points) {
      const text = `a${String.fromCharCode(cp)}b`;
      expect({ cp, ok: checkText(text, { label: 'x' }).ok }).toEqual({ cp, ok: !breaksTextRule(text) });
    }
    for (const cp of [0xd800, 0xdbff, 0xdc00, 0xdfff]) expect(checkText(`a${String.fromCharCode(cp)}b`, { label: 'x' }).ok).toBe(false);
    expect(checkText('a\u{1F600}b \u{10FFFD}', { label: 'x' })).toEqual({ ok: true, value: 'a\u{1F600}b \u{10FFFD}' });
  });

  it('counts the limit in code points and names the field only when it refuses', () => {
    let named = 0;
    const label = () => (named++, 'Notes');
    expect(checkText('\u{1F600}'.repeat(10), { label, maxLength: 10 }).ok).toBe(true);
    expect(checkText('x'.repeat(11), { label, maxLength: 10 })).toEqual({ ok: false, message: 'Notes: is 11 characters long; at most 10 are accepted' });
    expect(named).toBe(1);
  });
});
