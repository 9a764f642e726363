import { GAP_STATUS_LABELS, type GapStatus } from '../../shared/questionnaire/rollup';
import { RESPONSE_LABELS, type Response, type RiskLevel } from '../../shared/questionnaire/template';
import { StatusBadge, type StatusTone } from '../ui/index';
import { RESPONSE_SHORT, RISK_LABELS } from './model';

const RESPONSE_TONES: Record<Response, StatusTone> = { compliant: 'success', partially_compliant: 'warning', not_compliant: 'danger', not_applicable: 'neutral' };

const GAP_STATUS_TONES: Record<GapStatus, StatusTone> = { open: 'danger', in_progress: 'info', remediated: 'success', risk_accepted: 'warning' };

/** A response or assessment in a word and a colour; "—" when there is none. */
export function ResponsePill({ value, short = false }: { value: Response | null; short?: boolean }) {
  if (!value) return <span className="muted">—</span>;
  return (
    <StatusBadge tone={RESPONSE_TONES[value]} title={RESPONSE_LABELS[value]}>
      {short ? RESPONSE_SHORT[value] : RESPONSE_LABELS[value]}
    </StatusBadge>
  );
}

export function RiskBadge({ rating }: { rating: RiskLevel | null }) {
  return <span className={`risk-badge risk-badge--${rating ?? 'unrated'}`}>{rating ? RISK_LABELS[rating] : 'Unrated'}</span>;
}

export function GapStatusPill({ status, label }: { status: GapStatus; label?: string }) {
  return <StatusBadge tone={GAP_STATUS_TONES[status]}>{label ?? GAP_STATUS_LABELS[status]}</StatusBadge>;
}
