/** Where each part of a deployment plan is stored, and the ids of its rows. */
import type { PlanList } from '../../shared/deployment-plan/model';
import type { EntityName } from '../store/entities';

export const PLAN_TABLE = 'deployment_plans' satisfies EntityName;
export const ENVIRONMENT_TABLE = 'deployment_plan_environments' satisfies EntityName;

export const LIST_TABLES = {
  steps: 'deployment_plan_steps',
  checklist: 'deployment_plan_checklist',
  communications: 'deployment_plan_communications',
  raci: 'deployment_plan_raci',
} as const satisfies Record<PlanList, EntityName>;

/** The plan of a dossier has one row, the same on every device. */
export const planRowId = (dossierId: string) => `${dossierId}/deployment-plan`;

/** One readiness row per dossier and HCIM environment, the same on every device. */
export const environmentRowId = (dossierId: string, key: string) => `${planRowId(dossierId)}/environment/${key}`;

/** Rows that come from the template are named after it, so two devices starting a plan agree. */
export const templatedRowId = (dossierId: string, list: PlanList, templateRowId: string) => `${planRowId(dossierId)}/${list}/${templateRowId}`;
