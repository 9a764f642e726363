/** The deployment plan's operations of the API contract, bound to its services. */
import type { Handlers } from '../../shared/api/contract';
import type { deploymentPlanOperations } from '../../shared/api/deploymentPlanOps';
import { getDeploymentPlan } from './read';
import {
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

export function deploymentPlanHandlers(context: DeploymentPlanContext): Pick<Handlers, keyof typeof deploymentPlanOperations> {
  return {
    'deploymentPlan.get': (input) => getDeploymentPlan(context, input.id),
    'deploymentPlan.defaults': () => deploymentPlanTemplate(context),
    'deploymentPlan.start': (input) => startDeploymentPlan(context, input),
    'deploymentPlan.update': (input) => updateDeploymentPlan(context, input),
    'deploymentPlan.environment.update': (input) => updateEnvironmentReadiness(context, input),
    'deploymentPlan.item.add': (input) => addPlanItem(context, input),
    'deploymentPlan.item.update': (input) => updatePlanItem(context, input),
    'deploymentPlan.item.move': (input) => movePlanItem(context, input),
    'deploymentPlan.item.remove': (input) => removePlanItem(context, input),
    'deploymentPlan.raci.set': (input) => setRaciAssignment(context, input),
  };
}
