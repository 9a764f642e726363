/**
 * iCalendar (RFC 5545) export of milestones, due dates and go-live dates: for one dossier, for
 * "my work", or for every dossier. Each event's UID is derived from the row and field it shows,
 * so a second export imported into the same calendar updates the events instead of doubling them.
 */
import { createEvents, type EventAttributes } from 'ics';
import type { OperationArgs, OperationOutput } from '../../shared/api/contract';
import { WorkbenchError } from '../../shared/api/errors';
import { addDays } from '../../shared/work/queue';
import { ACTIVITIES, activityDefinition, type ActivityKey } from '../../shared/workflow/definition';
import { findDossierRow } from '../dossiers/read';
import { collectWork, workQuery, type WorkContext } from './service';
import { foldICalendar } from './fold';

const UID_DOMAIN = 'pcr-onboarding-workbench';
const TARGETS = [
  { column: 'targets__kickoff_date', uid: 'kickoff-target', label: 'Kick-off' },
  { column: 'targets__conformance_date', uid: 'conformance-target', label: 'Conformance testing target' },
  { column: 'targets__go_live_date', uid: 'go-live', label: 'Go-live' },
] as const;

export interface CalendarEvent {
  uid: string;
  date: string;
  title: string;
  description: string;
}

const uid = (...parts: string[]) => `${parts.join('-')}@${UID_DOMAIN}`;
const partner = (reference: string, organization: string | null) => `${organization ?? 'Unnamed organization'} (${reference})`;

interface DossierDates {
  id: string;
  reference: string;
  organization: string | null;
  targets__kickoff_date: string | null;
  targets__conformance_date: string | null;
  targets__go_live_date: string | null;
}

/** Targets, open activities' due dates and open gaps' remediation due dates of the dossiers chosen. */
function dossierEvents(ctx: WorkContext, dossierId: string | null): CalendarEvent[] {
  const only = dossierId ? 'AND d.id = @dossier' : '';
  const params = dossierId ? { dossier: dossierId } : {};
  const events: CalendarEvent[] = [];
  const dossiers = ctx.store
    .prepare(
      `SELECT d.id, d.reference, d.organization__legal_name AS organization, d.targets__kickoff_date, d.targets__conformance_date, d.targets__go_live_date
       FROM dossiers d WHERE d.deleted_at IS NULL ${only}`,
    )
    .all(params) as DossierDates[];
  for (const d of dossiers)
    for (const target of TARGETS) {
      const date = d[target.column];
      if (date) events.push({ uid: uid(target.uid, d.id), date, title: `${target.label}: ${partner(d.reference, d.organization)}`, description: `${target.label} target of ${d.reference}.` });
    }
  const activities = ctx.store
    .prepare(
      `SELECT a.id, a.key, a.assignee, a.due_date, d.reference, d.organization__legal_name AS organization
       FROM activities a JOIN dossiers d ON d.id = a.dossier_id
       WHERE a.deleted_at IS NULL AND a.due_date IS NOT NULL AND a.status NOT IN ('done', 'not_required') AND d.deleted_at IS NULL ${only}`,
    )
    .all(params) as { id: string; key: ActivityKey; assignee: string | null; due_date: string; reference: string; organization: string | null }[];
  for (const a of activities) {
    if (!ACTIVITIES.some((def) => def.key === a.key)) continue;
    events.push({
      uid: uid('activity', a.id),
      date: a.due_date,
      title: `Due: ${activityDefinition(a.key).label} — ${partner(a.reference, a.organization)}`,
      description: `${activityDefinition(a.key).label} of ${a.reference}${a.assignee ? `, assigned to ${a.assignee}` : ''}.`,
    });
  }
  const gaps = ctx.store
    .prepare(
      `SELECT g.id, g.question_id, g.owner, g.due_date, d.reference, d.organization__legal_name AS organization
       FROM gaps g JOIN dossiers d ON d.id = g.dossier_id
       WHERE g.deleted_at IS NULL AND g.status IN ('open', 'in_progress') AND g.due_date IS NOT NULL AND d.deleted_at IS NULL ${only}`,
    )
    .all(params) as { id: string; question_id: string; owner: string | null; due_date: string; reference: string; organization: string | null }[];
  for (const g of gaps)
    events.push({
      uid: uid('gap', g.id),
      date: g.due_date,
      title: `Remediation due: gap ${g.question_id} — ${partner(g.reference, g.organization)}`,
      description: `Gap-analysis remediation of ${g.reference}${g.owner ? `, owned by ${g.owner}` : ''}.`,
    });
  return events;
}

/** The UID an item of "my work" shares with the same row in a dossier's or the full export. */
function itemUid(item: { kind: string; id: string; target: { tab: string } }): string {
  const row = item.id.slice(item.id.indexOf(':') + 1);
  if (item.kind === 'activity') return uid('activity', row);
  if (item.target.tab === 'gaps') return uid('gap', row);
  return uid(item.kind, row);
}

export function calendarEvents(ctx: WorkContext, input: OperationArgs<'calendar.export'>): { name: string; events: CalendarEvent[] } {
  if (input.dossier && input.mine) throw new WorkbenchError('validation', 'Export one dossier or your work, not both.');
  if (input.dossier) {
    const row = findDossierRow(ctx.store, input.dossier);
    return { name: `${row.reference}`, events: dossierEvents(ctx, row.id) };
  }
  if (input.mine) {
    const query = workQuery(ctx, input);
    const events = collectWork(ctx.providers, query)
      .filter((item) => item.due_date !== null)
      .map((item) => ({
        uid: itemUid(item),
        date: item.due_date!,
        title: `Due: ${item.title} — ${partner(item.reference, item.organization)}`,
        description: [item.kind_label, item.detail].filter(Boolean).join(': '),
      }));
    return { name: 'my-work', events };
  }
  return { name: 'all-dossiers', events: dossierEvents(ctx, null) };
}

const dateArray = (iso: string): [number, number, number] => iso.split('-').map(Number) as [number, number, number];

/** All-day events, sorted by date then UID so that two exports of the same data differ only in DTSTAMP. */
export function toICalendar(events: readonly CalendarEvent[]): string {
  const sorted = [...events].sort((a, b) => (a.date === b.date ? (a.uid < b.uid ? -1 : 1) : a.date < b.date ? -1 : 1));
  const attributes: EventAttributes[] = sorted.map((e) => ({
    uid: e.uid,
    start: dateArray(e.date),
    end: dateArray(addDays(e.date, 1)),
    title: e.title,
    description: e.description,
    categories: ['PCR onboarding'],
    transp: 'TRANSPARENT',
  }));
  const { error, value } = createEvents(attributes, { productId: '-//PCR Onboarding Workbench//EN', method: 'PUBLISH', calName: 'PCR onboarding' });
  if (error || !value) throw new WorkbenchError('internal', `The calendar could not be written: ${error?.message ?? 'no output'}`);
  return foldICalendar(value);
}

export function exportCalendar(ctx: WorkContext, input: OperationArgs<'calendar.export'>): OperationOutput<'calendar.export'> {
  const { name, events } = calendarEvents(ctx, input);
  // An empty VCALENDAR is valid, but the ics package refuses to write one without events.
  const text = events.length ? toICalendar(events) : 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//PCR Onboarding Workbench//EN\r\nMETHOD:PUBLISH\r\nEND:VCALENDAR\r\n';
  return { file_name: `pcr-${name.toLowerCase()}.ics`, media_type: 'text/calendar', content_base64: Buffer.from(text, 'utf8').toString('base64'), events: events.length };
}
