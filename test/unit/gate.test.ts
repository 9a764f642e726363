import { describe, expect, it } from 'vitest';
import { ACTIVITIES, type ActivityStatus } from '../../shared/workflow/definition';
import { effectiveStatus, evaluateGate } from '../../shared/workflow/gate';
import type { FieldValues } from '../../shared/dossier/values';

const intakeReady: FieldValues = {
  'organization.legal_name': 'Island Health',
  'application.name': 'Clinic EMR',
  'integration.standard': 'fhir',
  'integration.type': 'active',
  'contacts.sponsor.name': 'Ava Thompson',
  'contacts.sponsor.email': 'ava@example.org',
  'leads.moh_registries_manager': 'Harpreet Sandhu',
  'leads.cgi_business_support_lead': 'Mei Chen',
};

const all = (status: ActivityStatus) => ACTIVITIES.map((a) => ({ key: a.key, status }));

describe('phase gates', () => {
  it('refuses to leave Intake while kick-off is open, listing every unmet reason', () => {
    const gate = evaluateGate({ stage: 'intake', fields: { 'organization.legal_name': 'X', 'application.name': 'Y' }, activities: all('in_progress') });
    expect(gate.ok).toBe(false);
    expect(gate.next).toBe('implementation');
    expect(gate.reasons).toContain('Kick-off (vendor discovery session) is not done (in progress).');
    expect(gate.reasons.some((r) => r.includes('contacts.sponsor.email'))).toBe(true);
    expect(gate.reasons.some((r) => r.includes('leads.cgi_business_support_lead'))).toBe(true);
    expect(gate.reasons).toHaveLength(7);
  });

  it('allows leaving Intake once kick-off is done and the intake fields are filled', () => {
    const gate = evaluateGate({ stage: 'intake', fields: intakeReady, activities: all('not_started').map((a) => (a.key === 'kickoff' ? { ...a, status: 'done' } : a)) });
    expect(gate).toEqual({ phase: 'intake', next: 'implementation', ok: true, reasons: [] });
  });

  it('ignores activities of other phases', () => {
    const activities = all('done').map((a) => (a.key === 'go_live' ? { ...a, status: 'blocked' as const } : a));
    expect(evaluateGate({ stage: 'intake', fields: intakeReady, activities }).ok).toBe(true);
  });

  it('treats conditional activities as not required while their flag is off', () => {
    const dev = ACTIVITIES.find((a) => a.key === 'develop_integration')!;
    expect(effectiveStatus(dev, 'in_progress', {})).toBe('not_required');
    expect(effectiveStatus(dev, 'in_progress', { 'flags.integration_development_required': true })).toBe('in_progress');
  });

  it('adds reasons contributed by other capabilities', () => {
    const gate = evaluateGate({ stage: 'intake', fields: intakeReady, activities: all('done'), extraReasons: ['Gap analysis incomplete.'] });
    expect(gate.ok).toBe(false);
    expect(gate.reasons).toEqual(['Gap analysis incomplete.']);
  });

  it('has nowhere to go once live', () => {
    expect(evaluateGate({ stage: 'live', fields: intakeReady, activities: all('done') })).toMatchObject({ ok: false, next: null });
  });
});
