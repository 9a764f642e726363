/** Readiness of each HCIM environment: status, SSL certificates, the partner on the ACL, notes. */
import { Checkbox, Select } from '@bcgov/design-system-react-components';
import { ENVIRONMENT_STATUSES, ENVIRONMENT_STATUS_LABELS, type DeploymentPlan, type EnvironmentStatus, type PlanEnvironment } from '../../shared/deployment-plan/model';
import { localIsoDate } from '../../shared/dates';
import { PlanText } from './PlanText';
import type { PlanStore } from './usePlan';
import { DataTable, type DataColumn } from '../ui';

interface Props {
  plan: DeploymentPlan;
  store: PlanStore;
}

export function Environments({ plan, store }: Props) {
  // The environments the dossier needs come first; the others stay editable below them.
  const rows = [...plan.environments.filter((e) => e.needed), ...plan.environments.filter((e) => !e.needed)];
  return (
    <DataTable
      className="env-table"
      columns={environmentColumns(store)}
      rows={rows}
      rowKey={(env) => env.key}
      rowData={(env) => ({ 'data-environment': env.key, 'data-needed': String(env.needed) })}
    />
  );
}

const fieldKey = (env: PlanEnvironment, field: string) => `environment:${env.key}:${field}`;

const patch = (env: PlanEnvironment, changes: Partial<PlanEnvironment>) => (p: DeploymentPlan) => ({
  ...p,
  environments: p.environments.map((e) => (e.key === env.key ? { ...e, ...changes } : e)),
});

function environmentColumns(store: PlanStore): DataColumn<PlanEnvironment>[] {
  return [
    {
      id: 'name',
      header: 'Environment',
      rowHeader: true,
      className: 'env-row__name',
      cell: (env) => (
        <>
          {env.name}
          <span className={`env-row__needed${env.needed ? '' : ' env-row__needed--no'}`}>{env.needed ? 'Needed' : 'Not needed'}</span>
        </>
      ),
    },
    {
      id: 'status',
      header: 'Status',
      cell: (env) => (
        <div className="env-status-cell">
          <Select
            size="small"
            aria-label={`Status of ${env.name}`}
            items={ENVIRONMENT_STATUSES.map((s) => ({ id: s, label: ENVIRONMENT_STATUS_LABELS[s] }))}
            selectedKey={env.status}
            onSelectionChange={(next) => {
              if (next === null || next === env.status) return;
              const status = next as EnvironmentStatus;
              store.updateEnvironment(fieldKey(env, 'status'), `The status of ${env.name}`, env.key, { status }, patch(env, { status, status_label: ENVIRONMENT_STATUS_LABELS[status] }));
            }}
          />
          <span className={`env-status env-status--${env.status}`} aria-hidden="true" />
        </div>
      ),
    },
    {
      id: 'certificates',
      header: 'SSL certificates',
      cell: (env) => (
        <Flag
          label={`SSL certificates in place for ${env.name}`}
          on={env.certificates_on}
          onChange={(on) =>
            store.updateEnvironment(fieldKey(env, 'certificates'), `The SSL certificates of ${env.name}`, env.key, { certificates: on }, patch(env, { certificates_on: on ? localIsoDate() : null }))
          }
        />
      ),
    },
    {
      id: 'acl',
      header: 'Partner IPs on the ACL',
      cell: (env) => (
        <Flag
          label={`Partner IP addresses on the ACL of ${env.name}`}
          on={env.acl_on}
          onChange={(on) => store.updateEnvironment(fieldKey(env, 'acl'), `The ACL of ${env.name}`, env.key, { acl: on }, patch(env, { acl_on: on ? localIsoDate() : null }))}
        />
      ),
    },
    {
      id: 'notes',
      header: 'Notes',
      className: 'env-row__notes',
      cell: (env) => (
        <>
          <PlanText
            store={store}
            fieldKey={fieldKey(env, 'notes')}
            label={`Notes on ${env.name}`}
            hideLabel
            saver={{
              what: `The notes on ${env.name}`,
              stored: env.notes ?? '',
              send: (text) => store.calls.updateEnvironment(env.key, { notes: text === '' ? null : text }),
            }}
          />
          {['status', 'certificates', 'acl']
            .map((f) => store.fieldError(fieldKey(env, f)))
            .filter(Boolean)
            .map((e) => (
              <p key={e} className="plan-error" role="alert">
                {e}
              </p>
            ))}
        </>
      ),
    },
  ];
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
