#!/usr/bin/env node
/** Entry point of `pcr-workbench` (`npm run cli -- ARGS`). */
import { runCli } from './program';

const code = await runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text + '\n'),
  err: (text) => process.stderr.write(text + '\n'),
  env: process.env,
});
process.exitCode = code;
