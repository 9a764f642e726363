import { RAG_STATUSES } from '../../shared/dossier/fields';
import { phaseLabel, type Stage } from '../../shared/workflow/definition';
import { StatusBadge } from './StatusBadge';

export function PhaseBadge({ phase }: { phase: Stage }) {
  return (
    <StatusBadge tone={phase} className="phase-badge">
      {phaseLabel(phase)}
    </StatusBadge>
  );
}

/** A stored phase that is not one of the workflow's. */
export function InvalidPhaseBadge() {
  return (
    <StatusBadge tone="invalid" className="phase-badge">
      Invalid value
    </StatusBadge>
  );
}

const RAG_SHORT: Record<string, string> = { green: 'Green', amber: 'Amber', red: 'Red' };

export function ragLabel(rag: string | null): string {
  return rag ? (RAG_SHORT[rag] ?? rag) : 'Not set';
}

/** A coloured dot with its name in words, so colour is never the only signal. */
export function RagIndicator({ rag, long = false }: { rag: string | null; long?: boolean }) {
  const text = long && rag ? (RAG_STATUSES.find((r) => r.value === rag)?.label ?? rag) : ragLabel(rag);
  return (
    <span className={`rag rag--${rag ?? 'unset'}`}>
      <span className="rag__dot" aria-hidden="true" />
      <span className="rag__label">{text}</span>
    </span>
  );
}
