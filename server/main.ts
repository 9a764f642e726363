/**
 * The team sync server's command line:
 *   start --db sqlite:FILE|postgres://… [--port N] [--host 127.0.0.1] [--tls-cert F --tls-key F]
 *   user add NAME --role editor|viewer --db …   (prints the token once; only its hash is stored)
 *   user revoke NAME --db …
 *   user list --db …
 */
import fs from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { SERVER_ROLES } from '../shared/sync/protocol';
import { ServerStore } from './db';
import { describeError, startServer } from './http';
import { jsonLogger } from './log';

const DB_HELP = 'sqlite:FILE (embedded) or postgres://USER@HOST:PORT/DB (PGPASSWORD or ~/.pgpass for the password)';

function wholeNumber(text: string, name: string, min: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be a whole number of ${min} or more, got "${text}"`);
  return n;
}

async function main(argv: string[]): Promise<number> {
  const program = new Command().name('pcr-sync-server').description('PCR Onboarding Workbench team sync server').exitOverride().showHelpAfterError();

  program
    .command('start')
    .description('serve the sync API')
    .requiredOption('--db <url>', DB_HELP)
    .option('--host <address>', 'address to listen on (use TLS when it faces a network)', '127.0.0.1')
    .option('--port <n>', 'port (0: any free port)', '4790')
    .option('--tls-cert <file>', 'PEM certificate chain: serve HTTPS')
    .option('--tls-key <file>', 'PEM private key of the certificate')
    .option('--max-body <bytes>', 'largest JSON request body', String(4 * 1024 * 1024))
    .action(async (opts: { db: string; host: string; port: string; tlsCert?: string; tlsKey?: string; maxBody: string }) => {
      if (Boolean(opts.tlsCert) !== Boolean(opts.tlsKey)) throw new Error('--tls-cert and --tls-key go together.');
      const log = jsonLogger();
      // The last line of defence: an error no request handler caught is logged by its kind and the server keeps serving.
      process.on('uncaughtException', (error) => log.error('uncaught_exception', describeError(error)));
      process.on('unhandledRejection', (error) => log.error('unhandled_rejection', describeError(error)));
      const store = await ServerStore.open(opts.db);
      const running = await startServer({
        store,
        log,
        host: opts.host,
        port: wholeNumber(opts.port, '--port', 0),
        maxBodyBytes: wholeNumber(opts.maxBody, '--max-body', 1024),
        ...(opts.tlsCert && opts.tlsKey ? { tls: { cert: fs.readFileSync(opts.tlsCert), key: fs.readFileSync(opts.tlsKey) } } : {}),
      });
      log.info('listening', { url: running.url, db: store.kind, server_id: store.serverId });
      if (!opts.tlsCert && !['127.0.0.1', 'localhost', '::1'].includes(opts.host)) {
        log.info('warning', { message: 'Serving plain HTTP on a network address: tokens travel unencrypted. Use --tls-cert and --tls-key.' });
      }
      const stop = (signal: string) => {
        log.info('stopping', { signal });
        void running.close().then(() => store.close()).then(() => process.exit(0));
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
      await new Promise(() => undefined);
    });

  const user = program.command('user').description('who may sync');
  user
    .command('add')
    .argument('<name>', 'user name (shown as who pushed each change)')
    .addOption(new Option('--role <role>', 'editor: push and pull; viewer: pull only').choices([...SERVER_ROLES]).makeOptionMandatory())
    .requiredOption('--db <url>', DB_HELP)
    .action(async (name: string, opts: { role: string; db: string }) => {
      const store = await ServerStore.open(opts.db);
      try {
        const token = await store.addUser(name.trim(), opts.role);
        process.stdout.write(`${token}\n`);
        process.stderr.write(`User "${name.trim()}" (${opts.role}) added. The token above is shown only this once; the server keeps only its hash.\n`);
      } finally {
        await store.close();
      }
    });
  user
    .command('revoke')
    .argument('<name>')
    .requiredOption('--db <url>', DB_HELP)
    .action(async (name: string, opts: { db: string }) => {
      const store = await ServerStore.open(opts.db);
      try {
        if (!(await store.revokeUser(name))) throw new Error(`No active user "${name}".`);
        process.stdout.write(`User "${name}" revoked: its token no longer works.\n`);
      } finally {
        await store.close();
      }
    });
  user
    .command('list')
    .requiredOption('--db <url>', DB_HELP)
    .action(async (opts: { db: string }) => {
      const store = await ServerStore.open(opts.db);
      try {
        for (const u of await store.listUsers()) process.stdout.write(`${u.name}\t${u.role}\t${u.revoked_at ? `revoked ${u.revoked_at}` : 'active'}\n`);
      } finally {
        await store.close();
      }
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    process.stderr.write(`Error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code));
