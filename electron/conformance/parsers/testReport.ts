/**
 * FHIR R4 TestReport (JSON): one TestReport or a Bundle of them. Each test's result is rolled up
 * from its actions' operation.result and assert.result (pass | skip | fail | warning | error):
 * any fail or error fails it, all skipped skips it, otherwise a pass or warning passes it. A test
 * without results is blocked when the report's setup failed, else not run. Pure: bytes in, tests out.
 */
import type { ResultStatus } from '../../../shared/conformance/model';
import { Budget, REPORT_LIMITS, ReportRefused, detailText, nameText, type ParsedReport, type ParsedTest } from './limits';

const ACTION_RESULTS = ['pass', 'skip', 'fail', 'warning', 'error'] as const;
type ActionResult = (typeof ACTION_RESULTS)[number];

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown, what: string): unknown[] => {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new ReportRefused(`${what} is not a list.`);
  return v;
};

function decodeJson(bytes: Uint8Array): unknown {
  if (bytes.length > REPORT_LIMITS.maxBytes) throw new ReportRefused(`The file is over ${REPORT_LIMITS.maxBytes / 1024 / 1024} MB; it is not read.`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ReportRefused('The file is not UTF-8 text.');
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ReportRefused(`The file is not valid JSON (${error instanceof Error ? error.message : 'unreadable'}).`);
  }
}

interface Outcome {
  results: ActionResult[];
  messages: string[];
}

function actionOutcomes(actions: unknown[], where: string, budget: Budget): Outcome {
  const outcome: Outcome = { results: [], messages: [] };
  actions.forEach((action, i) => {
    budget.tick();
    if (!isObject(action)) throw new ReportRefused(`${where}.action[${i}] is not an object.`);
    for (const part of ['operation', 'assert'] as const) {
      const element = action[part];
      if (element === undefined) continue;
      if (!isObject(element)) throw new ReportRefused(`${where}.action[${i}].${part} is not an object.`);
      const result = element.result;
      if (typeof result !== 'string' || !(ACTION_RESULTS as readonly string[]).includes(result)) {
        throw new ReportRefused(`${where}.action[${i}].${part}.result is ${JSON.stringify(result)?.slice(0, 40)}; a TestReport result is one of ${ACTION_RESULTS.join(', ')}.`);
      }
      outcome.results.push(result as ActionResult);
      if ((result === 'fail' || result === 'error' || result === 'skip') && typeof element.message === 'string') outcome.messages.push(`${part} ${result}: ${element.message}`);
    }
  });
  return outcome;
}

function rollUp(results: readonly ActionResult[], setupFailed: boolean): ResultStatus {
  if (results.length === 0) return setupFailed ? 'blocked' : 'not_run';
  if (results.some((r) => r === 'fail' || r === 'error')) return 'failed';
  if (results.every((r) => r === 'skip')) return 'skipped';
  return 'passed';
}

function readTestReport(resource: Json, where: string, budget: Budget): ParsedTest[] {
  if (resource.status === 'entered-in-error') throw new ReportRefused(`${where} has status entered-in-error: its results are not to be used.`);
  const setup = resource.setup;
  const setupOutcome = isObject(setup) ? actionOutcomes(list(setup.action, `${where}.setup.action`), `${where}.setup`, budget) : { results: [], messages: [] };
  const setupFailed = setupOutcome.results.some((r) => r === 'fail' || r === 'error');
  const tests = list(resource.test, `${where}.test`);
  return tests.map((test, i) => {
    budget.tick();
    const at = `${where}.test[${i}]`;
    if (!isObject(test)) throw new ReportRefused(`${at} is not an object.`);
    const name = test.name !== undefined ? nameText(test.name, `${at}.name`) : null;
    const key = test.id !== undefined ? nameText(test.id, `${at}.id`) : name;
    if (!key) throw new ReportRefused(`${at} has neither an id nor a name to match it to a case.`);
    const outcome = actionOutcomes(list(test.action, `${at}.action`), at, budget);
    const status = rollUp(outcome.results, setupFailed);
    const counts = ACTION_RESULTS.map((r) => [r, outcome.results.filter((x) => x === r).length] as const).filter(([, n]) => n > 0);
    const summary = counts.length ? `TestReport: ${counts.map(([r, n]) => `${n} ${r}`).join(', ')}` : setupFailed ? 'TestReport: setup failed; the test did not run' : null;
    return {
      key,
      name: name ?? key,
      status,
      detail: detailText([summary, ...outcome.messages, status === 'blocked' ? setupOutcome.messages.join('\n') : null]),
    };
  });
}

export function parseTestReport(bytes: Uint8Array, budget = new Budget()): ParsedReport {
  const root = decodeJson(bytes);
  if (!isObject(root)) throw new ReportRefused('The file is not a FHIR resource (a JSON object with a resourceType).');
  let reports: Json[];
  if (root.resourceType === 'TestReport') reports = [root];
  else if (root.resourceType === 'Bundle') {
    reports = list(root.entry, 'Bundle.entry').flatMap((entry, i) => {
      budget.tick();
      if (!isObject(entry)) throw new ReportRefused(`Bundle.entry[${i}] is not an object.`);
      return isObject(entry.resource) && entry.resource.resourceType === 'TestReport' ? [entry.resource] : [];
    });
    if (reports.length === 0) throw new ReportRefused('The Bundle holds no TestReport.');
  } else {
    throw new ReportRefused(`The file is a ${typeof root.resourceType === 'string' ? root.resourceType.slice(0, 40) : 'JSON object without a resourceType'}, not a TestReport or a Bundle of them.`);
  }
  const tests: ParsedTest[] = [];
  reports.forEach((report, i) => {
    tests.push(...readTestReport(report, reports.length === 1 ? 'TestReport' : `Bundle TestReport ${i + 1}`, budget));
    if (tests.length > REPORT_LIMITS.maxTests) throw new ReportRefused(`The file has more than ${REPORT_LIMITS.maxTests.toLocaleString('en-CA')} tests; it is not read.`);
  });
  if (tests.length === 0) throw new ReportRefused('The report holds no test.');
  return { format: 'fhir_testreport', reports: reports.length, tests };
}
