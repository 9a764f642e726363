/** CLI: `profile set` and `profile show` — who you are on this data folder. */
import { Option, type Command } from 'commander';
import { SIGNER_ROLES } from '../../shared/api/packageOps';
import type { Profile } from '../../shared/api/profileOps';
import { roleLabel } from '../../shared/workflow/roles';
import { table } from './output';
import type { CliCommandContext } from './questionnaireCommands';

export function profileText(profile: Profile): string {
  return [
    `Name: ${profile.name}`,
    `Role: ${roleLabel(profile.role)}`,
    `Organization: ${profile.organization ?? '—'}`,
    `E-mail: ${profile.email ?? '—'}`,
    `Updated: ${profile.updated_at}`,
  ].join('\n');
}

export function registerProfileCommands(program: Command, cli: CliCommandContext): void {
  const profile = program.command('profile').description('who you are on this data folder: the actor of your changes, author of your documents, identity of your signing key');
  profile
    .command('set')
    .description('set your profile (each change is kept in the profile’s history)')
    .requiredOption('--name <name>', 'your name as colleagues know it')
    .addOption(new Option('--role <role>', 'your participant role').choices([...SIGNER_ROLES]).makeOptionMandatory())
    .option('--organization <org>', 'your organization (empty clears)')
    .option('--email <email>', 'your e-mail address (empty clears)')
    .action(async (opts: { name: string; role: (typeof SIGNER_ROLES)[number]; organization?: string; email?: string }) => {
      const result = await cli.call('profile.set', {
        name: opts.name,
        role: opts.role,
        ...(opts.organization !== undefined ? { organization: opts.organization } : {}),
        ...(opts.email !== undefined ? { email: opts.email } : {}),
      });
      cli.emit(result, () => `Profile saved.\n${profileText(result)}`);
    });
  profile
    .command('show')
    .description('your profile and its recent changes')
    .action(async () => {
      const result = await cli.call('profile.get', {});
      cli.emit(result, () =>
        [
          result.profile ? profileText(result.profile) : 'No profile yet: set one with `profile set --name NAME --role ROLE`.',
          `Changes are recorded as: ${result.actor}`,
          ...(result.changes.length
            ? ['', table(['WHEN', 'BY', 'FIELD', 'FROM', 'TO'], result.changes.map((c) => [c.at, c.changed_by, c.field, c.old_value ?? '—', c.new_value ?? '—']))]
            : []),
        ].join('\n'),
      );
    });
}
