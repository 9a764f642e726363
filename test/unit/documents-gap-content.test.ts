/**
 * What the gap report holds for a reader (issue #11): each gap's finding, the partner's response
 * and comment, evidence by name with its SHA-256 prefix, "evidence expected, none provided", the
 * summary's count of questions lacking evidence, answers by question with both comments — and no
 * command names, internal question ids or field paths anywhere in the generated documents.
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFullDossier } from '../support/fullDossier';
import { tempEngine } from '../support/tempData';

let engine: ReturnType<typeof tempEngine>;
let reference: string;
const EVIDENCE = Buffer.from('%PDF-1.4 signed privacy procedure');
const SHA_PREFIX = crypto.createHash('sha256').update(EVIDENCE).digest('hex').slice(0, 12);

async function pdfText(kind: 'gap-report' | 'approval-package'): Promise<string> {
  const file = await engine.handlers['document.generate']({ id: reference, kind, format: 'pdf' });
  const out = path.join(engine.dataDir, `${kind}.pdf`);
  fs.writeFileSync(out, Buffer.from(file.content_base64, 'base64'));
  return spawnSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8' }).stdout;
}

beforeAll(async () => {
  engine = tempEngine({ actor: 'Amrit Dhillon', today: '2026-12-01', keyPassphrase: 'documents test key' });
  ({ reference } = await buildFullDossier(engine.handlers));
}, 300_000);
afterAll(() => engine?.close());

describe('the gap report', () => {
  it('shows each risk acceptance: who and in what role, justification, conditions, expiry, and that its signature verifies', async () => {
    const report = (await pdfText('gap-report')).replace(/\s+/g, ' ');
    expect(report).toContain('Accepted by Amrit Dhillon, MoH Health Registries manager');
    expect(report).toContain('Justification A compensating control is in place: access to PCR is reviewed monthly by the privacy officer.');
    expect(report).toContain('The documented procedure is in place before the annual audit.');
    expect(report).toContain('Expires June 30, 2030');
    expect(report).toMatch(/Signature verifies \(key [0-9a-f ]+, trusted\)/);
    // The package's register is a table: its cells wrap, so their words interleave in the text.
    const pkg = (await pdfText('approval-package')).replace(/\s+/g, ' ');
    const register = pkg.slice(pkg.indexOf('Risk acceptances Question'));
    for (const words of ['Amrit Dhillon,', 'Registries', 'A compensating', 'Conditions:', 'annual audit.', 'June 30, 2030', 'Verifies,', 'trusted']) expect(register).toContain(words);
  }, 300_000);

  it('shows findings, both sides’ comments, evidence with its SHA-256 prefix, and the evidence that is missing', async () => {
    const q = await engine.handlers['questionnaire.get']({ id: reference });
    const [withEvidence, without] = q.gaps;
    await engine.handlers['questionnaire.evidence.add']({ id: reference, question: withEvidence!.question_id, file: { name: 'privacy-procedure.pdf', content_base64: EVIDENCE.toString('base64') } });
    await engine.handlers['gap.update']({ id: reference, gap: without!.id, changes: { description: null } });

    const text = (await pdfText('gap-report')).replace(/\s+/g, ' ');
    expect(text).toContain('Findings and evidence');
    expect(text).toContain("Reviewer's finding");
    expect(text).toContain('Control ' + withEvidence!.question_id.split('.')[0]); // the gap's description is the finding
    expect(text).toContain('Reviewer: evidence incomplete.'); // the assessment comment stands in when there is no description
    expect(text).toContain("Partner's comment");
    expect(text).toContain('policy reviewed annually');
    expect(text).toContain(`privacy-procedure.pdf (SHA-256 ${SHA_PREFIX}…)`);
    expect(text).toContain('Evidence expected, none provided');
    const expected = q.template.sections.flatMap((s) => s.questions).filter((x) => x.evidenceExpected && q.answers.find((a) => a.question_id === x.id)?.applicable).length;
    expect(text).toMatch(new RegExp(`Questions expecting evidence ${expected}`));
    expect(text).toMatch(/questions expect evidence that has not been provided/);
    expect(text).toMatch(/# Question Partner's response Reviewer's Evidence and comment assessment and comment/);
    expect(text).toMatch(/Compliant: Partner/); // the partner's comment beside the response
  }, 300_000);

  it('speaks to the reader: questions by number, no command names or field paths', async () => {
    for (const kind of ['gap-report', 'approval-package'] as const) {
      const text = (await pdfText(kind)).replace(/\s+/g, ' ');
      expect(text).not.toMatch(/package verify|keys trust|pcr-workbench /);
      expect(text).not.toMatch(/\((?:targets|contacts|organization|application|integration|status|leads)\.[a-z_.]+\)/);
      // The fixture's own comments quote question ids; the columns the template fills hold numbers.
      expect(text).toMatch(/Question Finding Risk Remediation Owner Due (?:Status )?\d+\.\d+ /);
    }
  }, 300_000);
});
