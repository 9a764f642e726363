import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../shared/api/dispatch';
import type { Dossier } from '../../shared/api/types';
import type { OperationOutput } from '../../shared/api/contract';
import { tempEngine } from '../support/tempData';
import { parseCalendar } from '../support/icalendar';

let engine: ReturnType<typeof tempEngine>;
beforeEach(() => {
  engine = tempEngine({ today: '2026-12-07', actor: 'Harpreet Sandhu' });
});
afterEach(() => engine.close());

const ok = async <T>(name: string, input: unknown): Promise<T> => {
  const result = await dispatch(engine.handlers, name, input);
  if (!result.ok) throw new Error(`${name} failed: ${result.error.message}`);
  return result.value as T;
};
const calendar = async (input: object) => {
  const file = await ok<OperationOutput<'calendar.export'>>('calendar.export', input);
  return { file, ...parseCalendar(Buffer.from(file.content_base64, 'base64').toString('utf8')) };
};

async function dossierWithDates(org: string): Promise<Dossier> {
  const d = await ok<Dossier>('dossier.create', { fields: { 'organization.legal_name': org, 'application.name': 'EMR', 'integration.standard': 'fhir' } });
  await ok('dossier.update', { id: d.id, changes: { 'targets.go_live_date': '2027-01-15', 'targets.kickoff_date': '2026-12-10' } });
  await ok('activity.update', { id: d.id, activity: 'kickoff', changes: { due_date: '2026-12-10' } });
  return d;
}

describe('calendar.export', () => {
  it("writes one dossier's milestones and due dates as all-day events with the right dates", async () => {
    const d = await dossierWithDates('Sḵwx̱wú7mesh Úxwumixw Health Services, a long name to make the summary fold');
    await dossierWithDates('Island Health');
    const { file, events, lines } = await calendar({ dossier: d.reference });
    const raw = Buffer.from(file.content_base64, 'base64').toString('utf8');
    // Long lines are folded at 75 octets (RFC 5545 3.1), the parser above unfolds them.
    expect(Math.max(...raw.split('\r\n').map((l) => Buffer.byteLength(l)))).toBeLessThanOrEqual(75);
    expect(file).toMatchObject({ file_name: `pcr-${d.reference.toLowerCase()}.ics`, media_type: 'text/calendar', events: 3 });
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    const byTitle = Object.fromEntries(events.map((e) => [e.SUMMARY!.value.split(':')[0], e]));
    expect(byTitle['Go-live']!.DTSTART).toEqual({ params: { VALUE: 'DATE' }, value: '20270115' });
    expect(byTitle['Go-live']!.DTEND!.value).toBe('20270116');
    expect(byTitle['Go-live']!.SUMMARY!.value).toBe(`Go-live: Sḵwx̱wú7mesh Úxwumixw Health Services, a long name to make the summary fold (${d.reference})`);
    expect(byTitle['Kick-off']!.DTSTART!.value).toBe('20261210');
    expect(byTitle.Due!.DTSTART!.value).toBe('20261210');
    expect(byTitle.Due!.UID!.value).toBe(`activity-${d.activities.find((a) => a.key === 'kickoff')!.id}@pcr-onboarding-workbench`);
  });

  it('keeps every UID across exports, so a re-import updates the events; a moved date moves its event', async () => {
    const d = await dossierWithDates('Fraser Health');
    const first = await calendar({});
    const again = await calendar({});
    expect(again.events.map((e) => e.UID!.value)).toEqual(first.events.map((e) => e.UID!.value));
    await ok('dossier.update', { id: d.id, changes: { 'targets.go_live_date': '2027-02-05' } });
    const moved = await calendar({});
    const goLive = (events: typeof first.events) => events.find((e) => e.UID!.value === `go-live-${d.id}@pcr-onboarding-workbench`)!;
    expect(goLive(first.events).DTSTART!.value).toBe('20270115');
    expect(goLive(moved.events).DTSTART!.value).toBe('20270205');
    expect(new Set(moved.events.map((e) => e.UID!.value))).toEqual(new Set(first.events.map((e) => e.UID!.value)));
  });

  it('exports my work with the same UIDs as the dossier export, and refuses --dossier with --mine', async () => {
    const d = await dossierWithDates('Northern Health');
    const mine = await calendar({ mine: true, role: 'moh_registries_manager' });
    expect(mine.events.map((e) => e.UID!.value)).toEqual([`activity-${d.activities.find((a) => a.key === 'kickoff')!.id}@pcr-onboarding-workbench`]);
    const refused = await dispatch(engine.handlers, 'calendar.export', { dossier: d.reference, mine: true });
    expect(refused).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(await dispatch(engine.handlers, 'calendar.export', { dossier: 'PCR-1999-0001' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
