/** CLI: `generate deployment-plan|gap-report|approval-package ID --format pdf|docx --out FILE`, `generate portfolio-report --format … --out FILE`. */
import fs from 'node:fs';
import path from 'node:path';
import { Argument, Option, type Command } from 'commander';
import { DOCUMENT_FORMATS, DOCUMENT_KINDS, type DocumentKind } from '../../shared/api/documentOps';
import { writeFileAtomic } from '../packages/keyVault';
import type { CliCommandContext } from './questionnaireCommands';

/** Issue #13: the portfolio status report, of every dossier (no id). */
const PORTFOLIO_REPORT = 'portfolio-report';

export function registerDocumentCommands(program: Command, cli: CliCommandContext): void {
  program
    .command('generate')
    .description('generate a document of a dossier from its template (templates/documents) as PDF or DOCX')
    .addArgument(new Argument('<document>', 'which document').choices([...DOCUMENT_KINDS, PORTFOLIO_REPORT]))
    .argument('[id]', 'dossier id or reference (none for the portfolio report, which covers every dossier)')
    .addOption(new Option('--format <format>', 'file format').choices([...DOCUMENT_FORMATS]).makeOptionMandatory())
    .requiredOption('--out <file>', 'the file to write, or a folder to write it into')
    .action(async (kind: DocumentKind | typeof PORTFOLIO_REPORT, id: string | undefined, opts: { format: 'pdf' | 'docx'; out: string }) => {
      if (kind === PORTFOLIO_REPORT && id) cli.invalid('The portfolio report covers every dossier: give no dossier id.');
      if (kind !== PORTFOLIO_REPORT && !id) cli.invalid(`Which dossier? Give its id or reference: generate ${kind} ID --format ${opts.format} --out ${opts.out}`);
      const result = kind === PORTFOLIO_REPORT ? await cli.call('portfolio.report', { format: opts.format }) : await cli.call('document.generate', { id: id!, kind, format: opts.format });
      const target = fs.statSync(opts.out, { throwIfNoEntry: false })?.isDirectory() ? path.join(opts.out, result.file_name) : opts.out;
      const bytes = Buffer.from(result.content_base64, 'base64');
      writeFileAtomic(path.resolve(target), bytes, 0o644);
      const { content_base64: _omitted, ...summary } = result;
      cli.emit({ ...summary, size: bytes.length, file: path.resolve(target) }, () =>
        `Wrote ${target} (${(bytes.length / 1024).toFixed(0)} KB${result.page_count ? `, ${result.page_count} pages` : ''}, template version ${result.template_version}).`,
      );
    });
}
