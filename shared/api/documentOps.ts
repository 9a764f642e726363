/** Operations of the document capability (issue #4), merged into the contract in contract.ts. */
// import { z } from 'zod';
// import { op } from './op';

export const documentOperations = {} as const;
