/** Operations of the deploymentPlan capability (issue #4), merged into the contract in contract.ts. */
// import { z } from 'zod';
// import { op } from './op';

export const deploymentPlanOperations = {} as const;
