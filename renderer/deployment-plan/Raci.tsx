/**
 * Contacts and escalation: the RACI grid (one letter per area and participant role, with who
 * holds each role on this dossier) and the escalation path.
 */
import { useRef } from 'react';
import { RACI_LABELS, RACI_LETTERS, type DeploymentPlan, type RaciArea } from '../../shared/deployment-plan/model';
import { itemSaver } from './controls';
import { AddRow, RowActions, rowKeyDown, useRowMoves, type RowPlace } from './ListControls';
import { PlanText } from './PlanText';
import type { PlanRoleKey, PlanStore, RaciLetterOrNone } from './usePlan';

interface Props {
  plan: DeploymentPlan;
  store: PlanStore;
  announce(text: string): void;
}

const areaName = (area: RaciArea) => `RACI area${area.title ? ` “${area.title}”` : ` ${area.position}`}`;

export function Raci({ plan, store, announce }: Props) {
  const move = useRowMoves(store, announce);
  const { roles, areas } = plan.raci;
  return (
    <>
      <div className="raci-scroll">
        <table className="data-table raci-table">
          <thead>
            <tr>
              <th scope="col" className="raci-table__area">
                Area
              </th>
              {roles.map((role) => (
                <th scope="col" key={role.key} className="raci-table__role" title={role.label}>
                  <span className="raci-table__role-name">{role.short_label}</span>
                  {role.person && <span className="raci-table__person">{role.person}</span>}
                </th>
              ))}
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {areas.map((area) => (
              <AreaRow key={area.id} area={area} plan={plan} store={store} onMove={move} />
            ))}
          </tbody>
        </table>
      </div>
      <p className="raci-legend">
        {RACI_LETTERS.map((l) => (
          <span key={l}>
            <strong>{l}</strong> {RACI_LABELS[l]}
          </span>
        ))}
        <span className="muted">One Accountable role per area. Names come from the dossier’s leads and partner contacts.</span>
      </p>
      <AddRow
        label="New RACI area"
        button="Add area"
        onAdd={async (title) => {
          await store.addItem('Adding a RACI area', 'raci', { title });
          announce(`Added the RACI area “${title.trim()}”.`);
        }}
      />
    </>
  );
}

function AreaRow({ area, plan, store, onMove }: { area: RaciArea; plan: DeploymentPlan; store: PlanStore; onMove: ReturnType<typeof useRowMoves> }) {
  const rowRef = useRef<HTMLTableRowElement>(null);
  const name = areaName(area);
  const place: RowPlace = { list: 'raci', id: area.id, name, position: area.position, count: plan.raci.areas.length };
  const warnings = plan.summary.warnings.filter((w) => area.title !== null && w.startsWith(`RACI area “${area.title}” `));
  const errors = plan.raci.roles.map((r) => store.fieldError(`raci:${area.id}:${r.key}`)).filter((e): e is string => e !== undefined);
  return (
    <tr ref={rowRef} data-row={area.id} onKeyDown={(event) => rowKeyDown(event, (to) => onMove(place, to, rowRef.current))}>
      <th scope="row" className="raci-table__area">
        <PlanText
          store={store}
          fieldKey={`raci:${area.id}:title`}
          label={`RACI area ${area.position}`}
          hideLabel
          wrap
          saver={itemSaver(store, 'raci', area.id, 'title', `The title of ${name}`, area.title ?? '')}
        />
        {warnings.map((w) => (
          <span key={w} className="raci-table__warning">
            {w.replace(/^RACI area “[^”]*” /, 'This area ')}
          </span>
        ))}
        {errors.map((e) => (
          <span key={e} className="plan-error" role="alert">
            {e}
          </span>
        ))}
      </th>
      {plan.raci.roles.map((role) => {
        const letter = area.assignments[role.key] ?? null;
        return (
          <td key={role.key} className={`raci-cell${letter ? ` raci-cell--${letter}` : ''}`}>
            <select
              className="raci-select"
              aria-label={`${role.label} on ${area.title ?? `area ${area.position}`}`}
              value={letter ?? ''}
              onChange={(event) => {
                const next = (event.target.value || null) as RaciLetterOrNone;
                store.setRaci(`The ${role.short_label} letter on ${name}`, area.id, role.key as PlanRoleKey, next);
              }}
            >
              <option value="">—</option>
              {RACI_LETTERS.map((l) => (
                <option key={l} value={l}>
                  {l}
                </option>
              ))}
            </select>
          </td>
        );
      })}
      <td className="raci-table__actions">
        <RowActions place={place} onMove={(to) => onMove(place, to, rowRef.current)} onRemove={() => store.removeItem(`Removing ${name}`, 'raci', area.id)} />
      </td>
    </tr>
  );
}
