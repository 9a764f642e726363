/** Evidence on one answer: files and references, with adding a reference or attaching a file. */
import { useRef, useState } from 'react';
import { Button, TextField } from '@bcgov/design-system-react-components';
import type { Answer, Evidence } from '../../shared/api/questionnaireTypes';
import { errorMessage } from '../api/errors';
import type { QuestionnaireStore } from './useQuestionnaire';
import { formatSize, readAsBase64 } from '../format/files';

/** The engine takes files up to about 500 KB through the API (base64 in one request). */
export const MAX_EVIDENCE_BYTES = 500 * 1024;

interface EvidenceListProps {
  answer: Answer;
  expected: boolean;
  store: QuestionnaireStore;
}

export function EvidenceList({ answer, expected, store }: EvidenceListProps) {
  const [reference, setReference] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const questionId = answer.question_id;
  const headingId = `evidence-${questionId}`;

  const run = async (label: string, task: () => Promise<void>) => {
    setBusy(label);
    setProblem(null);
    try {
      await task();
      return true;
    } catch (error) {
      setProblem(errorMessage(error));
      return false;
    } finally {
      setBusy(null);
    }
  };

  const addReference = async () => {
    const text = reference.normalize('NFC').trim();
    if (!text) {
      setProblem('Type a reference first: a document name, a link or where the evidence is kept.');
      return;
    }
    if (text.length > 2000) {
      setProblem('A reference is at most 2,000 characters.');
      return;
    }
    if (await run('Adding…', () => store.addEvidence(questionId, { reference: text }))) setReference('');
  };

  const attach = async (file: File | undefined) => {
    if (fileInput.current) fileInput.current.value = '';
    if (!file) return;
    if (file.size === 0) {
      setProblem(`“${file.name}” is empty.`);
      return;
    }
    if (file.size > MAX_EVIDENCE_BYTES) {
      setProblem(`“${file.name}” is ${formatSize(file.size)}; files up to ${formatSize(MAX_EVIDENCE_BYTES)} can be attached. Add a reference to where the document is kept instead.`);
      return;
    }
    await run('Attaching…', async () => {
      const content_base64 = await readAsBase64(file);
      await store.addEvidence(questionId, { file: { name: file.name.slice(0, 255), content_base64 } });
    });
  };

  const remove = (evidence: Evidence) => run('Removing…', () => store.removeEvidence(evidence.id));

  return (
    <section className="evidence" aria-labelledby={headingId}>
      <h4 id={headingId} className="evidence__title">
        Evidence
        {expected && (
          <span className={`evidence-flag${answer.evidence.length === 0 ? ' evidence-flag--missing' : ''}`}>
            {answer.evidence.length === 0 ? 'Expected, none attached' : 'Expected'}
          </span>
        )}
      </h4>
      {answer.evidence.length === 0 ? (
        <p className="evidence__empty">{expected ? 'The reviewer expects evidence for this question.' : 'No evidence attached.'}</p>
      ) : (
        <ul className="evidence__list">
          {answer.evidence.map((e) => (
            <li key={e.id} className="evidence__item">
              <span className={`evidence__kind evidence__kind--${e.kind}`}>{e.kind === 'file' ? 'File' : 'Ref.'}</span>
              <span className="evidence__name" title={e.sha256 ? `SHA-256 ${e.sha256}` : undefined}>
                {e.name}
              </span>
              {e.kind === 'file' && <span className="evidence__size">{formatSize(e.size)}</span>}
              <Button variant="tertiary" size="xsmall" aria-label={`Remove evidence ${e.name}`} isDisabled={busy !== null} onPress={() => void remove(e)}>
                Remove
              </Button>
            </li>
          ))}
        </ul>
      )}
      <div className="evidence__add">
        <TextField
          size="small"
          label="Reference"
          {...{ placeholder: 'Document, link or location' }}
          value={reference}
          onChange={setReference}
          onKeyDown={(event) => {
            if (event.key === 'Enter') void addReference();
          }}
        />
        <Button size="small" variant="secondary" isDisabled={busy !== null} onPress={() => void addReference()}>
          Add reference
        </Button>
        <Button size="small" variant="secondary" isDisabled={busy !== null} onPress={() => fileInput.current?.click()}>
          Attach file…
        </Button>
        <input
          ref={fileInput}
          type="file"
          className="visually-hidden"
          tabIndex={-1}
          aria-hidden="true"
          data-testid={`evidence-file-${questionId}`}
          onChange={(event) => void attach(event.target.files?.[0])}
        />
      </div>
      <p className="evidence__hint">Files up to {formatSize(MAX_EVIDENCE_BYTES)}. Larger documents: add a reference to where they are kept.</p>
      {busy && (
        <p className="evidence__busy" role="status">
          <span className="inline-spinner" aria-hidden="true" /> {busy}
        </p>
      )}
      {problem && (
        <p className="evidence__error" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
