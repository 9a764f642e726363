/**
 * A seeded, bounded fuzz run over the readers of untrusted files: mutants of the blank PDF and Word
 * forms and of a signed approval package, each imported (or verified) through the real service on
 * a real SQLite file. Every mutant ends in a result or a typed refusal — never an internal error,
 * a crash or a hang — the process stays under 1 GB, and a refusal leaves the change log, the
 * dossiers and the attachments exactly as they were. Same seed, same mutants:
 * PCR_FUZZ_SEED and PCR_FUZZ_MUTANTS (per kind) change the run.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkbenchError } from '../../shared/api/errors';
import { applyForm, blankForm, formsContext, type FormsContext } from '../../electron/forms/index';
import { addSignature } from '../../electron/packages/index';
import { generateSigningKey, keyIdOf, publicKeyBase64, publicKeyOf } from '../../electron/packages/keys';
import { tempEngine } from '../support/tempData';
import { unsignedPackage } from './packages-fixtures';

const SEED = Number(process.env.PCR_FUZZ_SEED ?? 20261206);
const MUTANTS = Number(process.env.PCR_FUZZ_MUTANTS ?? 200);
const MEMORY_LIMIT = 1024 * 1024 * 1024;

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOKENS: Record<'pdf' | 'xml' | 'zip', string[]> = {
  pdf: ['/Kids [1 0 R 1 0 R]', '/Parent 1 0 R', '<<', '>>', '[[[[[[[[', ')', '(\\', '/Length 999999999', '/Filter /FlateDecode', '/Type /ObjStm /N 99999999', '/S /JavaScript /JS (1)', '1 0 obj', 'endstream', '/V <FEFF', 'trailer << /Root 9999 0 R >>', '/FT /Btn', '/Ff 99999'],
  xml: ['<!DOCTYPE x [<!ENTITY a "aaaa">]>', '&a;', '&#0;', '&#x110000;', '<w:sdt>', '</w:sdt>', '<w:sdtContent>', ']]>', '<![CDATA[', '<w:tag w:val="org_legal_name"/>', '<', '&', '"'],
  zip: ['PK\u0003\u0004', 'PK\u0001\u0002', 'PK\u0005\u0006', '\u00ff\u00ff\u00ff\u00ff', '../../evil', 'manifest.json'],
};

function mutate(base: Uint8Array, rand: () => number, kind: 'pdf' | 'xml' | 'zip'): Uint8Array {
  const bytes = Buffer.from(base);
  const at = () => Math.floor(rand() * bytes.length);
  switch (Math.floor(rand() * 6)) {
    case 0: {
      const out = Buffer.from(bytes);
      for (let i = 0, n = 1 + Math.floor(rand() * 8); i < n; i++) out[at()] = Math.floor(rand() * 256);
      return out;
    }
    case 1: {
      const out = Buffer.from(bytes);
      const start = at();
      out.fill(Math.floor(rand() * 256), start, Math.min(out.length, start + 1 + Math.floor(rand() * 4096)));
      return out;
    }
    case 2: {
      const start = at();
      const length = Math.floor(rand() * 2048);
      return Buffer.concat([bytes.subarray(0, start + length), bytes.subarray(start, start + length), bytes.subarray(start + length)]);
    }
    case 3: {
      const start = at();
      return Buffer.concat([bytes.subarray(0, start), bytes.subarray(Math.min(bytes.length, start + 1 + Math.floor(rand() * 2048)))]);
    }
    case 4: {
      const list = TOKENS[kind];
      const token = Buffer.from(list[Math.floor(rand() * list.length)]!.repeat(1 + Math.floor(rand() * 3)), 'latin1');
      const start = at();
      return Buffer.concat([bytes.subarray(0, start), token, bytes.subarray(start)]);
    }
    default: {
      // Cut and keep the ending, so a PDF still ends in %%EOF and a zip still has its directory.
      const start = at();
      return Buffer.concat([bytes.subarray(0, start), bytes.subarray(Math.min(bytes.length, start + Math.floor(rand() * bytes.length * 0.2)))]);
    }
  }
}

let engine: ReturnType<typeof tempEngine>;
let ctx: FormsContext;
let peakRss = 0;

/** Everything a refused import must leave as it was. */
function snapshot(): string {
  const hash = crypto.createHash('sha256');
  for (const table of ['change_log', 'dossiers', 'form_imports']) {
    for (const row of engine.store.db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).iterate()) hash.update(JSON.stringify(row));
  }
  const attachments = path.join(engine.dataDir, 'attachments');
  hash.update(fs.existsSync(attachments) ? fs.readdirSync(attachments, { recursive: true }).join('\n') : '-');
  return hash.digest('hex');
}

interface Tally {
  accepted: number;
  refused: number;
}

async function fuzz(label: string, base: Uint8Array, kind: 'pdf' | 'xml' | 'zip', seed: number, run: (bytes: Uint8Array) => Promise<unknown>): Promise<Tally> {
  const rand = random(seed);
  const tally: Tally = { accepted: 0, refused: 0 };
  for (let i = 0; i < MUTANTS; i++) {
    const mutant = mutate(base, rand, kind);
    const before = snapshot();
    try {
      await run(mutant);
      tally.accepted++;
    } catch (error) {
      const where = `${label} mutant ${i} (seed ${seed})`;
      if (!(error instanceof WorkbenchError)) throw new Error(`${where}: not a typed refusal: ${String(error)}`, { cause: error });
      expect(error.code, `${where}: ${error.message}`).not.toBe('internal');
      expect(snapshot(), `${where} wrote something while refused: ${error.message}`).toBe(before);
      tally.refused++;
    }
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  expect(peakRss).toBeLessThan(MEMORY_LIMIT);
  return tally;
}

beforeAll(() => {
  engine = tempEngine();
  ctx = formsContext(engine.context);
});
afterAll(() => engine.close());

describe(`fuzzing the untrusted-file readers (seed ${SEED}, ${MUTANTS} mutants each)`, () => {
  it('blank PDF form', async () => {
    const { bytes } = await blankForm(ctx, { form: 'request-for-integration', format: 'pdf' });
    const tally = await fuzz('PDF form', bytes, 'pdf', SEED, (mutant) => applyForm(ctx, { name: 'rfi.pdf', bytes: mutant }));
    expect(tally.accepted + tally.refused).toBe(MUTANTS);
  }, 300_000);

  it('blank Word form', async () => {
    const { bytes } = await blankForm(ctx, { form: 'pcr-onboarding', format: 'docx' });
    // Word parts are deflated in the zip: mutate the XML itself too, by re-zipping mutated parts.
    const tally = await fuzz('Word form', bytes, 'zip', SEED + 1, (mutant) => applyForm(ctx, { name: 'form.docx', bytes: mutant }));
    const { unzipSync, zipSync } = await import('fflate');
    const parts = unzipSync(bytes);
    const rand = random(SEED + 2);
    const xmlTally = await fuzz('Word XML', bytes, 'zip', SEED + 3, async () => {
      const copy: Record<string, Uint8Array> = { ...parts };
      copy['word/document.xml'] = mutate(parts['word/document.xml']!, rand, 'xml');
      await applyForm(ctx, { name: 'form.docx', bytes: zipSync(copy) });
    });
    expect(tally.accepted + tally.refused + xmlTally.accepted + xmlTally.refused).toBe(2 * MUTANTS);
  }, 300_000);

  it('signed approval package', async () => {
    const key = generateSigningKey();
    const pub = publicKeyOf(key);
    const identity = { key_id: keyIdOf(pub), public_key: publicKeyBase64(pub), name: 'Ava Thompson', role: 'cis' as const, created_at: '2026-03-01T00:00:00.000Z' };
    const signed = addSignature(await unsignedPackage(), { privateKey: key, identity, decision: 'approved', comment: '', signedAt: new Date('2026-03-03T10:00:00Z'), replace: false }).bytes;
    const verify = engine.handlers['package.verify'];
    const tally = await fuzz('package', signed, 'zip', SEED + 4, async (mutant) => {
      const report = await verify({ content_base64: Buffer.from(mutant).toString('base64') });
      expect(report.files.length + report.problems.length).toBeGreaterThan(0);
    });
    expect(tally.accepted + tally.refused).toBe(MUTANTS);
  }, 300_000);
});
