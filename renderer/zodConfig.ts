/**
 * Imported first by main.tsx. zod compiles schemas with `new Function` when it may; under the
 * workbench's Content Security Policy (no 'unsafe-eval') its probe is reported as a violation,
 * so the renderer runs zod without that optimisation.
 */
import { config } from 'zod';

config({ jitless: true });
