/** Readiness of each HCIM environment: status, SSL certificates, the partner on the ACL, notes. */
import { Checkbox, Select } from '@bcgov/design-system-react-components';
import { ENVIRONMENT_STATUSES, ENVIRONMENT_STATUS_LABELS, type DeploymentPlan, type EnvironmentStatus, type PlanEnvironment } from '../../shared/deployment-plan/model';
import { localIsoDate } from '../../shared/dates';
import { PlanText } from './PlanText';
import type { PlanStore } from './usePlan';

interface Props {
  plan: DeploymentPlan;
  store: PlanStore;
}

export function Environments({ plan, store }: Props) {
  // The environments the dossier needs come first; the others stay editable below them.
  const rows = [...plan.environments.filter((e) => e.needed), ...plan.environments.filter((e) => !e.needed)];
  return (
    <table className="data-table env-table">
      <thead>
        <tr>
          <th scope="col">Environment</th>
          <th scope="col">Status</th>
          <th scope="col">SSL certificates</th>
          <th scope="col">Partner IPs on the ACL</th>
          <th scope="col">Notes</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((env) => (
          <EnvironmentRow key={env.key} env={env} store={store} />
        ))}
      </tbody>
    </table>
  );
}

function EnvironmentRow({ env, store }: { env: PlanEnvironment; store: PlanStore }) {
  const key = (field: string) => `environment:${env.key}:${field}`;
  const patch = (changes: Partial<PlanEnvironment>) => (p: DeploymentPlan) => ({
    ...p,
    environments: p.environments.map((e) => (e.key === env.key ? { ...e, ...changes } : e)),
  });
  const errors = ['status', 'certificates', 'acl'].map((f) => store.fieldError(key(f))).filter(Boolean);
  return (
    <tr className={env.needed ? 'env-row env-row--needed' : 'env-row'} data-environment={env.key}>
      <th scope="row" className="env-row__name">
        {env.name}
        <span className={`env-row__needed${env.needed ? '' : ' env-row__needed--no'}`}>{env.needed ? 'Needed' : 'Not needed'}</span>
      </th>
      <td>
        <div className="env-status-cell">
        <Select
          size="small"
          aria-label={`Status of ${env.name}`}
          items={ENVIRONMENT_STATUSES.map((s) => ({ id: s, label: ENVIRONMENT_STATUS_LABELS[s] }))}
          selectedKey={env.status}
          onSelectionChange={(next) => {
            if (next === null || next === env.status) return;
            const status = next as EnvironmentStatus;
            store.updateEnvironment(key('status'), `The status of ${env.name}`, env.key, { status }, patch({ status, status_label: ENVIRONMENT_STATUS_LABELS[status] }));
          }}
        />
        <span className={`env-status env-status--${env.status}`} aria-hidden="true" />
        </div>
      </td>
      <td>
        <Flag
          label={`SSL certificates in place for ${env.name}`}
          on={env.certificates_on}
          onChange={(on) =>
            store.updateEnvironment(key('certificates'), `The SSL certificates of ${env.name}`, env.key, { certificates: on }, patch({ certificates_on: on ? localIsoDate() : null }))
          }
        />
      </td>
      <td>
        <Flag
          label={`Partner IP addresses on the ACL of ${env.name}`}
          on={env.acl_on}
          onChange={(on) => store.updateEnvironment(key('acl'), `The ACL of ${env.name}`, env.key, { acl: on }, patch({ acl_on: on ? localIsoDate() : null }))}
        />
      </td>
      <td className="env-row__notes">
        <PlanText
          store={store}
          fieldKey={key('notes')}
          label={`Notes on ${env.name}`}
          hideLabel
          saver={{
            what: `The notes on ${env.name}`,
            stored: env.notes ?? '',
            send: (text) => store.calls.updateEnvironment(env.key, { notes: text === '' ? null : text }),
          }}
        />
        {errors.map((e) => (
          <p key={e} className="plan-error" role="alert">
            {e}
          </p>
        ))}
      </td>
    </tr>
  );
}

/** A tick that keeps the day it was first set. */
function Flag({ label, on, onChange }: { label: string; on: string | null; onChange(on: boolean): void }) {
  return (
    <div className="env-flag">
      <Checkbox isSelected={on !== null} aria-label={label} onChange={onChange}>
        <span className="env-flag__text">{on ? `Since ${on}` : 'Not yet'}</span>
      </Checkbox>
    </div>
  );
}
