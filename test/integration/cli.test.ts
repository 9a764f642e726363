import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, runCliProcess } from '../support/cli';
import { removeDir, tempDir } from '../support/tempData';

let data: string;
const cli = (...args: string[]) => runCliProcess(['--data', data, ...args]);
const NAME = 'Sḵwx̱wú7mesh Úxwumixw';

beforeAll(() => {
  data = tempDir('pcr-cli-');
});
afterAll(() => removeDir(data));

describe('pcr-workbench CLI', () => {
  let ref = '';
  let id = '';

  it('creates a dossier and prints it as one JSON document with id and reference', () => {
    const run = cli('dossier', 'create', '--org', NAME, '--app', 'Clinic EMR', '--integration', 'both', '--json');
    expect(run.code).toBe(0);
    const dossier = run.json();
    expect(dossier.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(dossier.reference).toMatch(/^PCR-\d{4}-0001$/);
    expect(dossier.organization.legal_name).toBe(NAME);
    expect(dossier.integration.standard).toBe('both');
    ({ id, reference: ref } = dossier);
    expect(fs.existsSync(path.join(data, 'workbench.sqlite'))).toBe(true);
  });

  it('round-trips the name exactly and finds it by search with and without accents', () => {
    expect(cli('dossier', 'show', ref, '--json').json().organization.legal_name).toBe(NAME);
    expect(cli('dossier', 'list', '--search', 'skwxwu7mesh', '--json').json().rows.map((r: { id: string }) => r.id)).toEqual([id]);
    expect(cli('dossier', 'list', '--search', NAME, '--json').json().total).toBe(1);
    expect(cli('dossier', 'list', '--search', 'nobody-here', '--json').json().total).toBe(0);
    expect(cli('dossier', 'list').stdout).toContain(NAME);
  });

  it('sets fields by the dotted path of `dossier show --json`', () => {
    const run = cli('dossier', 'set', ref, 'application.vendor=Nuvo Health', 'volumes.daily_transactions=12,500', 'integration.transactions=find_candidates,get_demographics', 'flags.dq_process_required=yes', '--json');
    expect(run.code).toBe(0);
    const d = run.json();
    expect(d.application.vendor).toBe('Nuvo Health');
    expect(d.volumes.daily_transactions).toBe(12500);
    expect(d.integration.transactions).toEqual(['find_candidates', 'get_demographics']);
    expect(d.flags.dq_process_required).toBe(true);
  });

  it('refuses bad input with exit 2, names the field, and changes nothing', () => {
    const before = cli('dossier', 'show', ref, '--json').json();
    for (const args of [
      ['dossier', 'set', ref, 'volumes.users=lots'],
      ['dossier', 'set', ref, 'targets.go_live_date=2026-13-01'],
      ['dossier', 'set', ref, 'integration.standard=soap'],
      ['dossier', 'set', ref, 'no.such.field=1'],
      ['dossier', 'set', ref, 'application.vendor=Changed', 'contacts.sponsor.email=not-an-email'],
      ['dossier', 'set', ref, 'status.phase=live'],
      ['activity', 'set', ref, 'kickoff', '--due', 'tomorrow'],
      ['activity', 'set', ref, 'teleport', '--status', 'done'],
      ['dossier', 'show', 'PCR-1999-0042'],
      ['dossier', 'create', '--org', 'Only an org'],
      ['dossier', 'frobnicate'],
    ]) {
      const run = cli(...args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr.length, args.join(' ')).toBeGreaterThan(0);
    }
    expect(cli('dossier', 'set', ref, 'volumes.users=lots').stderr).toContain('volumes.users');
    expect(cli('dossier', 'set', ref, 'application.vendor=Changed', 'contacts.sponsor.email=nope').stderr).toContain('contacts.sponsor.email');
    const after = cli('dossier', 'show', ref, '--json').json();
    expect(after).toEqual(before);
  });

  it('prints errors as JSON on stdout with --json', () => {
    const run = cli('dossier', 'show', 'PCR-1999-0042', '--json');
    expect(run.code).toBe(2);
    expect(run.json().error).toMatchObject({ code: 'not_found' });
  });

  it('refuses to advance with exit 3 and every unmet reason, then allows it', () => {
    const refused = cli('dossier', 'advance', ref);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('Kick-off (vendor discovery session) is not done');
    expect(refused.stderr).toContain('contacts.sponsor.email');
    expect(cli('activity', 'set', ref, 'kickoff', '--status', 'done', '--assignee', 'Harpreet Sandhu', '--note', 'Vendor discovery session held').code).toBe(0);
    const filled = cli(
      'dossier',
      'set',
      ref,
      'integration.type=active',
      'contacts.sponsor.name=Ava Thompson',
      'contacts.sponsor.email=ava@example.org',
      'leads.moh_registries_manager=Harpreet Sandhu',
      'leads.cgi_business_support_lead=Mei Chen',
    );
    expect(filled.code).toBe(0);
    const moved = cli('dossier', 'advance', ref, '--json');
    expect(moved.code).toBe(0);
    expect(moved.json().status.phase).toBe('implementation');
  });

  it('lists activities and sets their fields', () => {
    const activities = cli('activity', 'list', ref, '--json').json();
    expect(activities.find((a: { key: string }) => a.key === 'kickoff')).toMatchObject({ status: 'done', notes: 'Vendor discovery session held' });
    expect(activities.find((a: { key: string }) => a.key === 'dq_process').status).toBe('not_started');
    const run = cli('activity', 'set', ref, 'analysis_design', '--status', 'in_progress', '--due', '2030-01-15', '--json');
    expect(run.code).toBe(0);
    expect(run.json().activity).toMatchObject({ key: 'analysis_design', status: 'in_progress', due_date: '2030-01-15' });
  });

  it('shows the history with who changed what, one row per change', () => {
    const history = cli('history', ref, '--changes', '--json').json();
    expect(history[0]).toMatchObject({ actor: 'CLI Tester' });
    expect(history.some((h: { label: string; new_value: unknown }) => h.label === 'Phase' && h.new_value === 'implementation')).toBe(true);
    expect(cli('history', ref, '--changes').stdout).toContain('Vendor');
  });

  it('filters the list by phase', () => {
    expect(cli('dossier', 'list', '--phase', 'implementation', '--json').json().total).toBe(1);
    expect(cli('dossier', 'list', '--phase', 'intake', '--json').json().total).toBe(0);
    expect(cli('dossier', 'list', '--phase', 'nowhere').code).toBe(2);
  });

  it('seeds demo dossiers in every phase', () => {
    const run = cli('demo', 'seed', '--count', '14', '--json');
    expect(run.code).toBe(0);
    expect(run.json()).toEqual({ created: 14 });
    for (const phase of ['intake', 'implementation', 'deployment', 'live']) {
      expect(cli('dossier', 'list', '--phase', phase, '--json').json().total, phase).toBeGreaterThan(0);
    }
  });

  it('takes its data folder from PCR_WORKBENCH_DATA when --data is not given', () => {
    const other = tempDir('pcr-env-');
    try {
      const run = runCliProcess(['dossier', 'create', '--org', 'Env Org', '--app', 'App', '--json'], { PCR_WORKBENCH_DATA: other });
      expect(run.code).toBe(0);
      expect(fs.existsSync(path.join(other, 'workbench.sqlite'))).toBe(true);
    } finally {
      removeDir(other);
    }
  });

  it('prints exactly one JSON document through `npm run cli -- ... --json`', () => {
    const npm = spawnSync('npm', ['run', 'cli', '--', '--data', data, 'dossier', 'list', '--json'], { cwd: REPO, encoding: 'utf8', timeout: 240_000 });
    expect(npm.status).toBe(0);
    expect(JSON.parse(npm.stdout).total).toBeGreaterThan(0);
  });
});
