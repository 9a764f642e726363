/** CLI: `generate deployment-plan|gap-report|approval-package ID --format pdf|docx --out FILE`. */
import fs from 'node:fs';
import path from 'node:path';
import { Argument, Option, type Command } from 'commander';
import { DOCUMENT_FORMATS, DOCUMENT_KINDS, type DocumentKind } from '../../shared/api/documentOps';
import { writeFileAtomic } from '../packages/keyVault';
import type { CliCommandContext } from './questionnaireCommands';

export function registerDocumentCommands(program: Command, cli: CliCommandContext): void {
  program
    .command('generate')
    .description('generate a document of a dossier from its template (templates/documents) as PDF or DOCX')
    .addArgument(new Argument('<document>', 'which document').choices([...DOCUMENT_KINDS]))
    .argument('<id>', 'dossier id or reference')
    .addOption(new Option('--format <format>', 'file format').choices([...DOCUMENT_FORMATS]).makeOptionMandatory())
    .requiredOption('--out <file>', 'the file to write, or a folder to write it into')
    .action(async (kind: DocumentKind, id: string, opts: { format: 'pdf' | 'docx'; out: string }) => {
      const result = await cli.call('document.generate', { id, kind, format: opts.format });
      const target = fs.statSync(opts.out, { throwIfNoEntry: false })?.isDirectory() ? path.join(opts.out, result.file_name) : opts.out;
      const bytes = Buffer.from(result.content_base64, 'base64');
      writeFileAtomic(path.resolve(target), bytes, 0o644);
      const { content_base64: _omitted, ...summary } = result;
      cli.emit({ ...summary, size: bytes.length, file: path.resolve(target) }, () =>
        `Wrote ${target} (${(bytes.length / 1024).toFixed(0)} KB${result.page_count ? `, ${result.page_count} pages` : ''}, template version ${result.template_version}).`,
      );
    });
}
