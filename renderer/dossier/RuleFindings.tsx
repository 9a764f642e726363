/**
 * Recorded data that breaks a workflow rule (shared/workflow/rules.ts), listed above the phases:
 * the workbench reports it and leaves the data as it is, for a lead to correct.
 */
import type { RuleFindingView } from '../../shared/api/types';
import { plural } from '../format/numbers';
import { Alert } from '../ui/Alert';

export function RuleFindings({ findings, planDrift }: { findings: RuleFindingView[]; planDrift: string[] }) {
  return (
    <>
      {planDrift.length > 0 && (
        <Alert variant="danger" title="The deployment plan no longer agrees with the dossier">
          <ul className="rule-findings" data-testid="process-plan-drift">
            {planDrift.map((d) => (
              <li key={d}>{d}</li>
            ))}
          </ul>
        </Alert>
      )}
      {findings.length > 0 && <Findings findings={findings} />}
    </>
  );
}

function Findings({ findings }: { findings: RuleFindingView[] }) {
  return (
    <Alert variant="warning" title={`${plural(findings.length, 'recorded value breaks', 'recorded values break')} a workflow rule`}>
      <p>Recorded before the rule, or by an import or another device. Nothing was changed; correct it where it is recorded.</p>
      <ul className="rule-findings">
        {findings.map((f) => (
          <li key={`${f.rule}:${f.message}`}>{f.message}</li>
        ))}
      </ul>
    </Alert>
  );
}
