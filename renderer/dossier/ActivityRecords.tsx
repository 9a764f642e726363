/**
 * Records kept on an activity (a results letter, a change-approval record, meeting minutes):
 * listed with their SHA-256, and attached from a file. Stored by content hash like evidence.
 */
import { useRef, useState } from 'react';
import type { Activity } from '../../shared/api/types';
import { ATTACHMENT_KINDS, ATTACHMENT_KIND_LABELS, type AttachmentKind } from '../../shared/workflow/attachments';
import { api } from '../api/bridge';
import { errorMessage } from '../api/errors';
import { formatSize, readAsBase64 } from '../format/files';
import { MAX_EVIDENCE_BYTES } from '../gaps/EvidenceList';
import { Field } from '../ui/index';

interface ActivityRecordsProps {
  dossierId: string;
  activity: Activity;
  onAttached(activity: Activity): void;
}

export function ActivityRecords({ dossierId, activity, onAttached }: ActivityRecordsProps) {
  const [kind, setKind] = useState<AttachmentKind>('results_letter');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const attach = async (file: File | undefined) => {
    if (fileInput.current) fileInput.current.value = '';
    if (!file) return;
    if (file.size === 0) return setProblem(`“${file.name}” is empty.`);
    if (file.size > MAX_EVIDENCE_BYTES) return setProblem(`“${file.name}” is ${formatSize(file.size)}; files up to ${formatSize(MAX_EVIDENCE_BYTES)} can be attached here (larger ones with \`activity attach\`).`);
    setBusy(true);
    setProblem(null);
    try {
      const content_base64 = await readAsBase64(file);
      onAttached(await api.call('activity.attach', { id: dossierId, activity: activity.key, kind, file: { name: file.name.slice(0, 255), content_base64 } }));
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="activity-records">
      <h4 className="activity-records__title">Records</h4>
      {activity.attachments.length === 0 ? (
        <p className="activity-records__empty">No records attached.</p>
      ) : (
        <ul className="activity-records__list">
          {activity.attachments.map((f) => (
            <li key={f.id}>
              <span className="activity-records__kind">{f.kind_label}</span> {f.name} · {formatSize(f.size)} ·{' '}
              <code title={`SHA-256 ${f.sha256}`}>{f.sha256.slice(0, 12)}…</code>
            </li>
          ))}
        </ul>
      )}
      <div className="activity-records__add">
        <Field label="Kind" inline>
          {(control) => (
            <select {...control} value={kind} onChange={(e) => setKind(e.target.value as AttachmentKind)}>
              {ATTACHMENT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {ATTACHMENT_KIND_LABELS[k]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={busy ? 'Attaching…' : 'Attach a file'} inline>
          {(control) => <input {...control} ref={fileInput} type="file" disabled={busy} onChange={(e) => void attach(e.target.files?.[0])} />}
        </Field>
      </div>
      {problem && (
        <p className="activity__error" role="alert">
          Not attached: {problem}
        </p>
      )}
    </div>
  );
}
