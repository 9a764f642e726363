/** Operations of the package capability (issue #4), merged into the contract in contract.ts. */
// import { z } from 'zod';
// import { op } from './op';

export const packageOperations = {} as const;
