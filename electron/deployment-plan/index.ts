/**
 * The deployment plan of a dossier. The document generator reads a plan with
 * `getDeploymentPlan(ctx, dossierIdOrRef)`, which returns the `DeploymentPlan` of
 * shared/deployment-plan/model.ts.
 */
export { getDeploymentPlan, planDriftMessages } from './read';
export {
  addPlanItem,
  deploymentPlanTemplate,
  movePlanItem,
  removePlanItem,
  setRaciAssignment,
  startDeploymentPlan,
  updateDeploymentPlan,
  updateEnvironmentReadiness,
  updatePlanItem,
  type DeploymentPlanContext,
} from './service';
export { deploymentPlanHandlers } from './handlers';
export { deploymentPlanHistoryLabel, deploymentPlanHistoryLabels } from './history';
export { defaultsFile, loadPlanDefaults } from './defaults';
export type { DeploymentPlan } from '../../shared/deployment-plan/model';
