/** Loads conformance catalogues from templates/conformance/<id>/v<N>.json, validated at load. */
import fs from 'node:fs';
import path from 'node:path';
import { WorkbenchError } from '../../shared/api/errors';
import { catalogueSchema, type Catalogue } from '../../shared/conformance/catalogue';

export const PCR_CATALOGUE_ID = 'pcr-conformance';

const cache = new Map<string, Catalogue>();

export function catalogueVersions(templatesDir: string, id = PCR_CATALOGUE_ID): number[] {
  const folder = path.join(templatesDir, 'conformance', id);
  let files: string[];
  try {
    files = fs.readdirSync(folder);
  } catch {
    throw new WorkbenchError('internal', `No conformance catalogue "${id}" in ${folder}.`);
  }
  const versions = files.flatMap((f) => {
    const m = /^v(\d+)\.json$/.exec(f);
    return m ? [Number(m[1])] : [];
  });
  if (versions.length === 0) throw new WorkbenchError('internal', `The conformance catalogue folder ${folder} holds no v<N>.json file.`);
  return versions.sort((a, b) => a - b);
}

/** The latest version of the catalogue; a broken file is named with the place of each problem. */
export function loadCatalogue(templatesDir: string, id = PCR_CATALOGUE_ID): Catalogue {
  const version = catalogueVersions(templatesDir, id).at(-1)!;
  const file = path.join(templatesDir, 'conformance', id, `v${version}.json`);
  const stat = fs.statSync(file);
  const key = `${file}@${stat.mtimeMs}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const catalogue = parseCatalogueFile(file);
  if (catalogue.id !== id || catalogue.version !== version) {
    throw new WorkbenchError('internal', `${file} says it is "${catalogue.id}" version ${catalogue.version}; its path says "${id}" version ${version}.`);
  }
  cache.set(key, catalogue);
  return catalogue;
}

export function parseCatalogueFile(file: string): Catalogue {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new WorkbenchError('internal', `The conformance catalogue ${file} cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = catalogueSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 10).map((i) => `${placeOf(raw, i.path)}: ${i.message}`);
    throw new WorkbenchError('internal', `The conformance catalogue ${file} is invalid: ${problems.join('; ')}`);
  }
  return parsed.data;
}

/** A dotted path, with the id of the case it is in when there is one ("cases.3 (FC-04).expected"). */
function placeOf(raw: unknown, issuePath: readonly PropertyKey[]): string {
  if (issuePath.length === 0) return '(top)';
  const text = issuePath.map(String).join('.');
  if (issuePath[0] === 'cases' && typeof issuePath[1] === 'number') {
    const c = (raw as { cases?: { id?: unknown }[] }).cases?.[issuePath[1]];
    if (c && typeof c.id === 'string') return text.replace(`cases.${issuePath[1]}`, `cases.${issuePath[1]} (${c.id})`);
  }
  return text;
}
