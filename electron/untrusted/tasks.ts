/**
 * Every parse of untrusted bytes the worker can run, by name. Loaded only inside the worker
 * (the engine imports its type alone), so the parsing libraries' safety limits installed here
 * never touch the engine's own document generation.
 * To add a reader (e.g. imported test reports): write a function from plain data to plain data
 * (structured-clone types: no class instances, no functions), add it here, and call
 * `runUntrusted('<name>', input, { subject })` from the service.
 */
import { parseFormFile } from '../forms/readers';
import { installPdfParseLimits } from '../forms/pdfLimits';
import type { KnownKey, TrustedKey } from '../../shared/api/packageOps';
import { readPackage } from '../packages/packageFile';
import { verifyPackage } from '../packages/verify';
import { readTestReport } from '../conformance/parsers/index';

installPdfParseLimits();

export const untrustedTasks = {
  'form.read': (input: { name: string; bytes: Uint8Array }) => parseFormFile(input.name, input.bytes),
  'package.read': (input: { bytes: Uint8Array }) => readPackage(input.bytes),
  'package.verify': (input: { bytes: Uint8Array; keyring: TrustedKey[]; known?: KnownKey[] }) => verifyPackage(input.bytes, input.keyring, input.known ?? []),
  'conformance.report': (input: { name: string; bytes: Uint8Array }) => readTestReport(input.name, input.bytes),
};

export type UntrustedTasks = typeof untrustedTasks;
