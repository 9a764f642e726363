/**
 * CLI commands for team sync: `sync`, `sync status`, `sync quarantine list|drop`, `conflicts list`, `conflicts resolve`.
 * The token comes from --token, --token-file or PCR_WORKBENCH_SYNC_TOKEN (never stored by the CLI);
 * the server address given with --server is remembered in the data folder.
 */
import fs from 'node:fs';
import { Option, type Command } from 'commander';
import type { Conflict, QuarantinedChange, SyncResult, SyncStatus } from '../../shared/api/syncOps';
import type { CliCommandContext } from './questionnaireCommands';
import { withFlagHint } from './output';

export const SYNC_TOKEN_ENV = 'PCR_WORKBENCH_SYNC_TOKEN';

/** How to do on the command line what a stopped sync asks a person to decide. */
const SYNC_STOP_FLAGS: Record<string, string> = {
  lineage: 'On the command line: add --accept-new-server.',
  mass_delete: 'On the command line: add --allow-mass-delete.',
};

const show = (value: Conflict['local']['value']) => (value === null ? '(empty)' : typeof value === 'string' ? value : JSON.stringify(value));

function resultText(r: SyncResult): string {
  const lines = [
    `Synced with ${r.server_url} as ${r.user}: pushed ${r.pushed}, pulled ${r.pulled} (${r.applied} applied), ${r.new_conflicts} new conflict(s), ${r.open_conflicts} open.`,
  ];
  if (r.attachments_sent || r.attachments_received) lines.push(`Attachments: ${r.attachments_sent} sent, ${r.attachments_received} received.`);
  if (r.keys_received) lines.push(`Received ${r.keys_received} new team signing key(s): known, not trusted until you check each fingerprint with its holder (keys status, keys trust FINGERPRINT).`);
  for (const n of r.renumbered) lines.push(`Reference ${n.from} was also used on another device; this dossier is now ${n.to}.`);
  if (r.deferred) lines.push(`${r.deferred} change(s) from a newer workbench version are kept until this one is upgraded.`);
  if (r.quarantined) lines.push(`${r.quarantined} received change(s) could not be applied here and were kept aside; everything else applied.`);
  if (r.refused) lines.push(`The server refused ${r.refused} change(s) of this workbench; they were taken out of the outbox and kept aside.`);
  if (r.quarantined || r.refused) lines.push('Review them with `sync quarantine list`.');
  if (r.open_conflicts) lines.push('See them with `conflicts list`.');
  return lines.join('\n');
}

function statusText(s: SyncStatus): string {
  return [
    `Server: ${s.server_url ?? '(not set)'}${s.server_id ? ` (id ${s.server_id})` : ''}`,
    `Last synced: ${s.last_synced_at ?? 'never'}`,
    `Changes waiting: ${s.waiting}`,
    `Open conflicts: ${s.open_conflicts}`,
    `Quarantined changes: ${s.quarantined ?? 0}${s.quarantined ? ' (review with `sync quarantine list`)' : ''}`,
    ...(s.quarantine_reasons ?? []).map((r) => `  - ${r}`),
    ...(s.last_error ? [`Last attempt failed (${s.last_error.kind}, ${s.last_error.at}): ${s.last_error.message}`] : []),
  ].join('\n');
}

function conflictsText(conflicts: Conflict[]): string {
  if (conflicts.length === 0) return 'No conflicts.';
  return conflicts
    .map((c) =>
      [
        `${c.id}  ${c.reference ?? c.dossier_id ?? ''}${c.organization ? ` (${c.organization})` : ''}  ${c.label ?? `${c.entity}.${c.field}${c.kind === 'delete' ? ' (deleted on one side, edited on the other)' : ''}`}${c.resolved_at ? `  [${c.resolution} by ${c.resolved_by}]` : ''}`,
        `  local : ${show(c.local.value)}  — ${c.local.actor ?? '?'}, ${c.local.at ?? '?'}${c.kept === 'local' ? '  (in effect)' : ''}`,
        `  remote: ${show(c.remote.value)}  — ${c.remote.actor ?? '?'}, ${c.remote.at ?? '?'}${c.kept === 'remote' ? '  (in effect)' : ''}`,
      ].join('\n'),
    )
    .join('\n\n');
}

function quarantineText(list: QuarantinedChange[]): string {
  if (list.length === 0) return 'No quarantined changes.';
  return list
    .map((q) =>
      [
        `${q.id}  ${q.direction === 'received' ? 'received' : 'refused by the server'}  ${q.reference ?? q.dossier_id ?? ''}${q.organization ? ` (${q.organization})` : ''}  ${q.label}${q.dropped_at ? `  [dropped by ${q.dropped_by ?? '?'}, ${q.dropped_at}]` : ''}`,
        `  value : ${q.value}  — ${q.actor}${q.user ? ` (pushed by ${q.user})` : ''}`,
        `  why   : ${q.reason}`,
      ].join('\n'),
    )
    .join('\n\n');
}

export function registerSyncCommands(program: Command, cli: CliCommandContext, env: NodeJS.ProcessEnv): void {
  const tokenFrom = (opts: { token?: string; tokenFile?: string }): string | undefined => {
    if (opts.token) return opts.token;
    if (opts.tokenFile) {
      try {
        return fs.readFileSync(opts.tokenFile, 'utf8').trim();
      } catch {
        return cli.invalid(`Cannot read the token file "${opts.tokenFile}".`);
      }
    }
    return env[SYNC_TOKEN_ENV]?.trim() || undefined;
  };

  const sync = program
    .command('sync')
    .description('exchange changes with the team sync server: pull, merge, push')
    .option('--server <url>', 'sync server address (remembered for next time)')
    .option('--token <token>', `your sync token (better: ${SYNC_TOKEN_ENV} or --token-file)`)
    .option('--token-file <file>', 'read the sync token from this file')
    .option('--allow-mass-delete', 'apply a pull even though it deletes most of a dossier')
    .option('--accept-new-server', 'accept a server that was reset or restored: send every local change to it again')
    .action(async (opts: { server?: string; token?: string; tokenFile?: string; allowMassDelete?: boolean; acceptNewServer?: boolean }) => {
      const token = tokenFrom(opts);
      const run = cli.call('sync.run', {
        ...(opts.server ? { server_url: opts.server } : {}),
        ...(token ? { token } : {}),
        allow_mass_delete: Boolean(opts.allowMassDelete),
        accept_new_server: Boolean(opts.acceptNewServer),
      });
      const result = await withFlagHint(run, (error) => SYNC_STOP_FLAGS[error.details?.sync_failure ?? ''] ?? null);
      cli.emit(result, () => resultText(result));
    });

  sync
    .command('status')
    .description('server, last sync, changes waiting, open conflicts')
    .action(async () => {
      const status = await cli.call('sync.status', {});
      cli.emit(status, () => statusText(status));
    });

  const quarantine = sync.command('quarantine').description('changes sync kept aside: received ones that could not apply, local ones the server refused');
  quarantine
    .command('list')
    .description('quarantined changes, newest first, with the reason')
    .option('--all', 'include dropped ones')
    .action(async (opts: { all?: boolean }) => {
      const list = await cli.call('sync.quarantine.list', { include_dropped: Boolean(opts.all) });
      cli.emit(list, () => quarantineText(list));
    });
  quarantine
    .command('drop')
    .description('drop a quarantined change after review (it stays on record, no longer counted)')
    .argument('<id>', 'change id (from `sync quarantine list`)')
    .action(async (id: string) => {
      const dropped = await cli.call('sync.quarantine.drop', { id });
      cli.emit(dropped, () => `Dropped change ${dropped.id} (${dropped.label}${dropped.reference ? ` on ${dropped.reference}` : ''}).`);
    });

  sync
    .command('test')
    .description('check the server address and token without syncing')
    .option('--server <url>', 'sync server address')
    .option('--token <token>', 'sync token')
    .option('--token-file <file>', 'read the sync token from this file')
    .action(async (opts: { server?: string; token?: string; tokenFile?: string }) => {
      const token = tokenFrom(opts);
      const result = await cli.call('sync.test', { ...(opts.server ? { server_url: opts.server } : {}), ...(token ? { token } : {}) });
      cli.emit(result, () => result.message);
      if (!result.ok) cli.invalid(result.message);
    });

  const conflicts = program.command('conflicts').description('values that lost to a concurrent edit, kept for you to decide');
  conflicts
    .command('list')
    .description('open conflicts, newest first')
    .option('--dossier <id>', 'only this dossier (id or reference)')
    .option('--all', 'include settled ones')
    .action(async (opts: { dossier?: string; all?: boolean }) => {
      const list = await cli.call('conflicts.list', { ...(opts.dossier ? { dossier: opts.dossier } : {}), include_resolved: Boolean(opts.all) });
      cli.emit(list, () => conflictsText(list));
    });
  conflicts
    .command('resolve')
    .description('keep one side; the choice syncs to everyone')
    .argument('<id>', 'conflict id (from `conflicts list`)')
    .addOption(new Option('--keep <side>', 'which value to keep').choices(['local', 'remote']).makeOptionMandatory())
    .action(async (id: string, opts: { keep: 'local' | 'remote' }) => {
      const resolved = await cli.call('conflicts.resolve', { id, keep: opts.keep });
      cli.emit(resolved, () => `Kept the ${opts.keep} value of ${resolved.label ?? `${resolved.entity}.${resolved.field}`}${resolved.reference ? ` on ${resolved.reference}` : ''}: ${show(resolved[opts.keep].value)}. It reaches the others with the next sync.`);
    });

}
