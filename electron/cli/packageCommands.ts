/**
 * CLI commands for signing keys and approval packages: keys init / status / export / trust,
 * package export / sign / verify / history. `package verify` exits 0 only when the package fully
 * verifies, 3 when it does not, 2 when the file cannot be read as a package.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { DECISIONS, DECISION_LABELS, SIGNER_ROLES, type Decision, type VerificationReport } from '../../shared/api/packageOps';
import { roleLabel } from '../../shared/workflow/roles';
import { MIN_PASSPHRASE_LENGTH, PASSPHRASE_ENV, defaultKeyVault, keysDirOf, type KeyVault, type PassphraseSource } from '../packages/index';
import { writeFileAtomic } from '../packages/keyVault';
import { formatFingerprint } from '../packages/keyring';
import { EXIT, table } from './output';
import type { OperationOutput } from '../../shared/api/contract';
import type { CliCommandContext } from './questionnaireCommands';

export interface PackageCliContext extends CliCommandContext {
  /** The process exit code when the command completes without an error. */
  setExitCode(code: number): void;
}

/** The passphrase of the PKCS#12 certificate given to `package export --pdf-certificate`. */
export const PDF_CERTIFICATE_PASSPHRASE_ENV = 'PCR_WORKBENCH_PDF_CERTIFICATE_PASSPHRASE';

/** Largest package file the CLI reads (the API carries up to about 96 MB). */
const MAX_PACKAGE_FILE = 96 * 1024 * 1024;

/** Reads a line from the terminal without echoing it. */
async function askHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(question);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  let answer = '';
  try {
    return await new Promise<string>((resolve, reject) => {
      const onData = (chunk: string) => {
        for (const ch of chunk) {
          if (ch === '\r' || ch === '\n' || ch === '\u0004') {
            stdin.off('data', onData);
            return resolve(answer);
          }
          if (ch === '\u0003') {
            stdin.off('data', onData);
            return reject(new Error('Cancelled.'));
          }
          if (ch === '\u007f' || ch === '\b') answer = [...answer].slice(0, -1).join('');
          else answer += ch;
        }
      };
      stdin.on('data', onData);
    });
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
    process.stderr.write('\n');
  }
}

/** The passphrase from PCR_WORKBENCH_KEY_PASSPHRASE, or asked on the terminal when there is one. */
export function cliPassphrase(env: NodeJS.ProcessEnv): PassphraseSource {
  return async (purpose) => {
    const fromEnv = env[PASSPHRASE_ENV];
    if (fromEnv) return fromEnv;
    if (!process.stdin.isTTY || !process.stderr.isTTY) return undefined;
    if (purpose === 'unlock') return askHidden('Passphrase of your signing key: ');
    const first = await askHidden(`New passphrase for your signing key (at least ${MIN_PASSPHRASE_LENGTH} characters): `);
    const again = await askHidden('The same passphrase again: ');
    if (first !== again) throw new Error('The two passphrases differ; nothing was created.');
    return first;
  };
}

export function cliKeyVault(dataDir: string, env: NodeJS.ProcessEnv): KeyVault {
  return defaultKeyVault(keysDirOf(dataDir), env, cliPassphrase(env));
}

const who = (name: string, role: string) => `${name} (${roleLabel(role as Parameters<typeof roleLabel>[0])})`;

const TRUST_WORDS: Record<NonNullable<VerificationReport['signatures'][number]['trust']>, string> = {
  trusted: 'trusted',
  known_untrusted: 'KNOWN, NOT TRUSTED',
  conflicting: 'CONFLICTING KEY',
  unknown_signer: 'UNKNOWN SIGNER',
  identity_mismatch: 'IDENTITY MISMATCH',
};

export function verificationText(report: VerificationReport): string {
  const lines: string[] = [];
  const m = report.manifest;
  if (m) {
    lines.push(`Approval package ${m.reference}, version ${m.package_version}, made ${m.created_at} by ${m.generator.name} ${m.generator.version}`);
    lines.push(`Dossier ${m.dossier_id} · templates: ${Object.entries(m.template_versions).map(([k, v]) => `${k} v${v}`).join(', ') || 'none recorded'}`);
  }
  if (report.manifest_sha256) lines.push(`Manifest SHA-256 ${report.manifest_sha256}`);
  lines.push('', 'FILES');
  if (report.files.length === 0) lines.push('  (none checked)');
  for (const f of report.files) {
    lines.push(`  ${f.status === 'ok' ? 'ok     ' : f.status.toUpperCase().padEnd(7)}  ${f.path}${f.actual_size !== null ? `  ${f.actual_size} bytes` : ''}${f.detail && f.status !== 'ok' ? `\n           ${f.detail}` : ''}`);
  }
  lines.push('', 'SIGNATURES');
  if (report.signatures.length === 0) lines.push('  (none)');
  for (const s of report.signatures) {
    const state = s.status === 'malformed' ? 'UNREADABLE' : `${s.status === 'valid' ? 'valid' : 'BAD SIGNATURE'}, ${s.trust ? TRUST_WORDS[s.trust] : '—'}`;
    const signer = s.trusted_signer ? who(s.trusted_signer.name, s.trusted_signer.role) : s.claimed_signer ? `${who(s.claimed_signer.name, s.claimed_signer.role)} (claimed)` : s.file;
    lines.push(`  ${state.padEnd(28)}  ${signer}${s.key_id ? `, key ${formatFingerprint(s.key_id)}` : ''}`);
    if (s.decision) lines.push(`  ${''.padEnd(28)}  ${DECISION_LABELS[s.decision]} on ${s.signed_at}${s.comment ? ` — “${s.comment}”` : ''}`);
  }
  lines.push('');
  if (report.ok) {
    lines.push(`VERIFIED: every file matches the manifest and all ${report.signatures.length} signature(s) are valid and trusted.`);
  } else {
    lines.push(`NOT VERIFIED: ${report.problems.length} problem(s):`);
    for (const p of report.problems) lines.push(`  - ${p}`);
  }
  return lines.join('\n');
}

export function registerPackageCommands(program: Command, cli: PackageCliContext & { env: NodeJS.ProcessEnv }): void {
  const readPackageFile = (file: string): string => {
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (!stat?.isFile()) cli.invalid(`"${file}" is not a readable file`);
    if (stat!.size > MAX_PACKAGE_FILE) cli.invalid(`"${file}" is over ${MAX_PACKAGE_FILE / 1024 / 1024} MB: not an approval package`);
    return fs.readFileSync(file).toString('base64');
  };
  const readPdfCertificate = (file: string) => {
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (!stat?.isFile()) cli.invalid(`"${file}" is not a readable file`);
    if (stat!.size > 512 * 1024) cli.invalid(`"${file}" is too large to be a PKCS#12 certificate`);
    return { p12_base64: fs.readFileSync(file).toString('base64'), passphrase: cli.env[PDF_CERTIFICATE_PASSPHRASE_ENV] ?? '' };
  };
  const writeOut = (file: string, base64: string) => writeFileAtomic(path.resolve(file), Buffer.from(base64, 'base64'), 0o644);

  const keys = program.command('keys').description('your signing key and the team’s trusted public keys');

  keys
    .command('init')
    .description('create your Ed25519 signing key (kept encrypted with a passphrase; PCR_WORKBENCH_KEY_PASSPHRASE or asked)')
    .addOption(new Option('--role <role>', 'your participant role (default: your profile’s)').choices([...SIGNER_ROLES]))
    .option('--name <name>', 'your name as it appears on signatures (default: your profile’s, else --as / PCR_WORKBENCH_USER)')
    .option('--force', 'replace an existing key')
    .action(async (opts: { role?: (typeof SIGNER_ROLES)[number]; name?: string; force?: boolean }) => {
      const identity = await cli.call('keys.init', { ...(opts.role ? { role: opts.role } : {}), ...(opts.name ? { name: opts.name } : {}), force: Boolean(opts.force) });
      cli.emit(identity, () => `Signing key ${formatFingerprint(identity.key_id)} created for ${who(identity.name, identity.role)} and added to your trusted keyring.\nShare it with \`keys export --out FILE\`.`);
    });

  keys
    .command('status')
    .description('your key, the keys you trust, and the keys received through sync that wait for you to check them')
    .action(async () => {
      const status = await cli.call('keys.status', {});
      const flagLines = (keys: { key_id: string; flags: string[] }[]) =>
        keys.flatMap((k) => k.flags.map((f) => `  ! ${formatFingerprint(k.key_id)}: ${f}`));
      cli.emit(status, () =>
        [
          status.identity ? `Your key ${formatFingerprint(status.identity.key_id)}: ${who(status.identity.name, status.identity.role)}, created ${status.identity.created_at}` : 'You have no signing key yet (keys init).',
          `Private key: ${status.has_private_key ? '' : 'none in '}${status.storage}`,
          '',
          'TRUSTED KEYS',
          status.trusted_keys.length
            ? table(['FINGERPRINT', 'NAME', 'ROLE', 'TRUSTED SINCE'], status.trusted_keys.map((k) => [formatFingerprint(k.key_id), k.name, k.role, k.added_at]))
            : 'No trusted keys.',
          ...flagLines(status.trusted_keys),
          '',
          'KNOWN, NOT TRUSTED (received through sync: check the fingerprint with its holder, then keys trust FINGERPRINT)',
          status.known_keys.length
            ? table(
                ['FINGERPRINT', 'NAME', 'ROLE', 'PUBLISHED BY', 'RECEIVED'],
                status.known_keys.map((k) => [formatFingerprint(k.key_id), k.name, k.role, k.published_by ?? '—', k.received_at]),
              )
            : 'None.',
          ...flagLines(status.known_keys),
        ].join('\n'),
      );
    });

  keys
    .command('export')
    .description('your public key and identity as JSON, for colleagues to trust')
    .option('--out <file>', 'write it to this file instead of printing it')
    .action(async (opts: { out?: string }) => {
      const doc = await cli.call('keys.export', {});
      const json = JSON.stringify(doc, null, 2) + '\n';
      if (!opts.out) return cli.emit(doc, () => json.trimEnd());
      writeFileAtomic(path.resolve(opts.out), json, 0o644);
      cli.emit({ ...doc, file: path.resolve(opts.out) }, () => `Wrote ${opts.out}: public key ${doc.key_id} of ${who(doc.name, doc.role)}.`);
    });

  keys
    .command('trust')
    .description('trust a key: a colleague’s exported public key file, or the fingerprint of a key received through sync that you checked with its holder')
    .argument('<fingerprint-or-file>', 'the 32-digit fingerprint (spaces allowed) or the JSON file `keys export` wrote')
    .option('--despite-conflict', 'trust it even though another trusted key holds the same name (a second key of the same person)')
    .action(async (target: string, opts: { despiteConflict?: boolean }) => {
      const stat = fs.statSync(target, { throwIfNoEntry: false });
      const allow = { allow_conflict: Boolean(opts.despiteConflict) };
      let input;
      if (stat?.isFile()) {
        if (stat.size > 20_000) cli.invalid(`"${target}" is too large to be an exported public key`);
        input = { public_key_json: fs.readFileSync(target, 'utf8'), ...allow };
      } else if (/^[0-9a-fA-F\s:]{32,}$/.test(target.trim())) {
        input = { key_id: target, ...allow };
      } else {
        cli.invalid(`"${target}" is neither a readable file nor a key fingerprint (32 hexadecimal digits)`);
      }
      const entry = await cli.call('keys.trust', input!);
      cli.emit(entry, () => `Trusted key ${formatFingerprint(entry.key_id)} of ${who(entry.name, entry.role)}.`);
    });

  const pkg = program.command('package').description('signed approval packages: export, sign, verify, history');

  pkg
    .command('export')
    .description('build the dossier’s approval package (PDF + DOCX + manifest) as a .zip; a changed dossier gets the next version')
    .argument('<id>', 'dossier id or reference')
    .requiredOption('--out <file>', 'the .zip to write, or a folder to write it into')
    .option('--pdf-certificate <file>', `also sign the PDF itself with this PKCS#12 (.p12/.pfx) certificate, so PDF readers show the signature; its passphrase comes from ${PDF_CERTIFICATE_PASSPHRASE_ENV}`)
    .action(async (id: string, opts: { out: string; pdfCertificate?: string }) => {
      const result = await cli.call('package.export', { id, ...(opts.pdfCertificate ? { pdf_certificate: readPdfCertificate(opts.pdfCertificate) } : {}) });
      const target = fs.statSync(opts.out, { throwIfNoEntry: false })?.isDirectory() ? path.join(opts.out, result.file_name) : opts.out;
      writeOut(target, result.content_base64);
      const { content_base64: _omitted, ...summary } = result;
      cli.emit({ ...summary, file: path.resolve(target) }, () =>
        `Wrote ${target}: version ${result.version}${result.new_version ? '' : ' (unchanged dossier: same version as the last package)'}, manifest SHA-256 ${result.manifest_sha256}.`,
      );
    });

  pkg
    .command('sign')
    .description('add your signature and decision to a package (its files are checked first)')
    .argument('<file>', 'the package .zip (rewritten in place unless --out)')
    .addOption(new Option('--decision <decision>', 'your decision').choices([...DECISIONS]).makeOptionMandatory())
    .option('--comment <text>', 'your comment (required for approved_with_conditions and rejected)', '')
    .option('--replace', 'replace your earlier signature on this package')
    .option('--out <file>', 'write the signed package here instead of over FILE')
    .action(async (file: string, opts: { decision: Decision; comment: string; replace?: boolean; out?: string }) => {
      const content = readPackageFile(file);
      const result = await cli.call('package.sign', { content_base64: content, decision: opts.decision, comment: opts.comment, replace: Boolean(opts.replace) });
      const target = opts.out ?? file;
      writeOut(target, result.content_base64);
      const { content_base64: _omitted, ...summary } = result;
      cli.emit({ ...summary, file: path.resolve(target) }, () => `${result.replaced ? 'Replaced your signature' : 'Signed'}: ${DECISION_LABELS[result.decision]} with key ${result.key_id}, written to ${target}.`);
    });

  pkg
    .command('verify')
    .description('check every file against the manifest and every signature against your trusted keyring (exit 0 only when all holds, 3 otherwise)')
    .argument('<file>', 'the package .zip')
    .action(async (file: string) => {
      const report = await cli.call('package.verify', { content_base64: readPackageFile(file) });
      cli.emit(report, () => verificationText(report));
      cli.setExitCode(report.ok ? EXIT.ok : EXIT.refused);
    });

  pkg
    .command('history')
    .description('the packages exported for a dossier, newest version first, with the decisions recorded for each')
    .argument('<id>', 'dossier id or reference')
    .action(async (id: string) => {
      const rows = await cli.call('package.history', { id });
      const statuses = await cli.call('package.approvals', { id });
      cli.emit(rows, () => {
        if (rows.length === 0) return 'No packages exported yet.';
        const lines = [
          table(
            ['VERSION', 'CREATED', 'BY', 'FILE', 'MANIFEST SHA-256', 'DOSSIER'],
            rows.map((r) => [r.version, r.created_at, r.created_by, r.file_name, r.manifest_sha256.slice(0, 16) + '…', r.current ? 'unchanged since' : 'changed since']),
          ),
        ];
        for (const status of statuses) lines.push('', approvalStatusText(status));
        return lines.join('\n');
      });
    });

  pkg
    .command('import')
    .description('verify a signed package and record each approver’s decision on its dossier (importing it again changes nothing; exit 3 when it does not verify)')
    .argument('<file>', 'the signed package .zip')
    .action(async (file: string) => {
      const result = await cli.call('package.import', { content_base64: readPackageFile(file) });
      cli.emit(result, () =>
        [
          `${result.reference}, package version ${result.package_version}: ${result.recorded} decision(s) recorded${result.unchanged ? `, ${result.unchanged} already recorded` : ''}.`,
          '',
          approvalStatusText(result.status),
        ].join('\n'),
      );
    });

  pkg
    .command('render-signed')
    .description('the package PDF with its approvals page filled from the verified signatures (exit 3 when the package does not verify)')
    .argument('<file>', 'the signed package .zip')
    .requiredOption('--out <file>', 'the PDF to write, or a folder to write it into')
    .action(async (file: string, opts: { out: string }) => {
      const result = await cli.call('package.render_signed', { content_base64: readPackageFile(file) });
      const target = fs.statSync(opts.out, { throwIfNoEntry: false })?.isDirectory() ? path.join(opts.out, result.file_name) : opts.out;
      writeOut(target, result.content_base64);
      const { content_base64: _omitted, ...summary } = result;
      cli.emit({ ...summary, file: path.resolve(target) }, () => `Wrote ${target}: the signed copy with ${result.signers} verified decision(s)${result.page_count ? `, ${result.page_count} pages` : ''}.`);
    });
}

/** A package version's approvals: who approved, who is still awaited, every recorded decision. */
export function approvalStatusText(status: OperationOutput<'package.approvals'>[number]): string {
  const lines = [`Version ${status.package_version}: ${status.complete ? 'APPROVED by every required approver' : 'awaiting required approvals'}`];
  for (const r of status.required) {
    lines.push(`  ${r.role_label}: ${r.status === 'awaited' ? 'awaited' : `${DECISION_LABELS[r.status]} by ${r.name} (${r.signed_at})`}`);
  }
  for (const d of status.decisions) {
    lines.push(`  - ${who(d.signer_name, d.signer_role)}: ${DECISION_LABELS[d.decision]}, ${d.signed_at}, key ${formatFingerprint(d.key_id)}${d.comment ? ` — “${d.comment}”` : ''}`);
  }
  return lines.join('\n');
}
