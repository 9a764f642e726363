import { GAP_STATUS_LABELS, type GapStatus } from '../../shared/questionnaire/rollup';
import { RESPONSE_LABELS, type Response, type RiskLevel } from '../../shared/questionnaire/template';
import { RESPONSE_SHORT, RISK_LABELS } from './model';

/** A response or assessment in a word and a colour; "—" when there is none. */
export function ResponsePill({ value, short = false }: { value: Response | null; short?: boolean }) {
  if (!value) return <span className="response-pill response-pill--none">—</span>;
  return (
    <span className={`response-pill response-pill--${value}`} title={RESPONSE_LABELS[value]}>
      {short ? RESPONSE_SHORT[value] : RESPONSE_LABELS[value]}
    </span>
  );
}

export function RiskBadge({ rating }: { rating: RiskLevel | null }) {
  return <span className={`risk-badge risk-badge--${rating ?? 'unrated'}`}>{rating ? RISK_LABELS[rating] : 'Unrated'}</span>;
}

export function GapStatusPill({ status }: { status: GapStatus }) {
  return <span className={`gap-status gap-status--${status}`}>{GAP_STATUS_LABELS[status]}</span>;
}
