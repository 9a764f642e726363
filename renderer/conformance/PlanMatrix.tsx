/** The plan as a matrix: transactions down, their cases across, each cell the case's status in the round shown. */
import type { ConformanceRound, PlanCase, ResultStatus } from '../../shared/conformance/model';
import { RESULT_STATUS_LABELS } from '../../shared/conformance/model';
import { DataTable } from '../ui';

interface Props {
  plan: PlanCase[];
  round: ConformanceRound | undefined;
  selected: string | null;
  onSelect(caseId: string): void;
}

export function PlanMatrix({ plan, round, selected, onSelect }: Props) {
  const status = new Map(round?.results.map((r) => [r.case_id, r.status]) ?? []);
  const transactions = [...new Map(plan.map((c) => [c.transaction, c.transaction_name])).entries()];
  return (
    <DataTable
      className="conformance-matrix"
      label="Test plan: transactions and their cases"
      columns={[
        { id: 'transaction', header: 'Transaction', rowHeader: true, cell: ([, name]) => name },
        {
          id: 'cases',
          header: `Cases${round ? ` (round ${round.number})` : ''}`,
          cell: ([key]) => (
            <ul className="conformance-matrix__cases">
              {plan
                .filter((c) => c.transaction === key)
                .map((c) => {
                  const s: ResultStatus | 'not_applicable' | 'retired' = c.scope === 'in_scope' ? (status.get(c.case_id) ?? 'not_run') : c.scope;
                  const label = c.scope === 'in_scope' ? RESULT_STATUS_LABELS[s as ResultStatus] : c.scope === 'retired' ? 'Retired' : 'Not applicable';
                  return (
                    <li key={c.case_id}>
                      <button
                        type="button"
                        className={`case-chip case-chip--${s}${selected === c.case_id ? ' case-chip--selected' : ''}`}
                        aria-pressed={selected === c.case_id}
                        title={`${c.case_id} ${c.title}: ${label}${c.required ? '' : ' (optional)'}`}
                        onClick={() => onSelect(c.case_id)}
                      >
                        {c.case_id}
                        <span className="visually-hidden">
                          {' '}
                          {c.title}: {label}
                        </span>
                        {!c.required && <span aria-hidden="true">°</span>}
                      </button>
                    </li>
                  );
                })}
            </ul>
          ),
        },
      ]}
      rows={transactions}
      rowKey={([key]) => key}
    />
  );
}
