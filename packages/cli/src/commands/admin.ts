import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import {
  type Actor,
  type AdminContext,
  ALL_ROLES,
  approvePartner,
  createClient,
  createUser,
  isRoleName,
  listPartners,
  listUsers,
  openAdminContext,
  type Role,
  rejectPartner,
  setPartnerActive,
  systemActor,
} from '@mosip-trust/trust-server';
import { CliError, type Command, type CommandContext, printData, stringOption } from '../command.ts';
import { configFromFlags, STORE_OPTIONS } from './server.ts';

/**
 * Admin commands talk to the store directly (not to a server over HTTP): they work before any server
 * runs (first admin) and alongside servers on PostgreSQL. A PGlite data directory is locked by a
 * running server, so stop it first or use the REST API. Every change is audited with actor cli:<os user>.
 */
const STORE_HELP = `  --data DIR           PGlite data directory (default ./data/trust-server, or MOSIP_TRUST_DATA_DIR);
                       DATABASE_URL selects a PostgreSQL server instead. Stop a server using it first.
  --config FILE        JSON configuration file (default none, or MOSIP_TRUST_CONFIG)
  --json               print JSON (default: text)`;

const OPTIONS = { ...STORE_OPTIONS, json: { type: 'boolean' } } as const;

function actor(): Actor {
  return systemActor(`cli:${userInfo().username}`);
}

async function withContext<T>(ctx: CommandContext, fn: (c: AdminContext) => Promise<T>): Promise<T> {
  const context = await openAdminContext(configFromFlags(ctx));
  try {
    return await fn(context);
  } finally {
    await context.close();
  }
}

function partnerIdArg(ctx: CommandContext): string {
  const id = ctx.positionals[0];
  if (!id) throw new CliError('missing <partnerId>');
  return id;
}

function rolesOption(ctx: CommandContext, fallback: Role[]): Role[] {
  const raw = stringOption(ctx, 'role');
  if (raw === undefined) return fallback;
  const roles = raw.split(',').map((r) => r.trim());
  for (const r of roles)
    if (!isRoleName(r)) throw new CliError(`unknown role ${r}; one of ${ALL_ROLES.join(', ')}`);
  return roles as Role[];
}

export const commands: Command[] = [
  {
    name: 'admin create',
    summary:
      'Create an admin account: prints a generated one-time password, or takes one from --password-file',
    help: `--user NAME [--password-file FILE] [--role PARTNER_ADMIN|POLICYMANAGER] [--data DIR] [--config FILE] [--json]

Creates a local account with role PARTNER_ADMIN (or --role). Without --password-file a one-time
password is generated and printed once; it must be changed at first login.

Options:
  --user NAME          account name (3-64 of A-Z a-z 0-9 . _ @ -) (required)
  --password-file FILE read the password from FILE (first line; default: generate a one-time password)
  --role ROLES         comma-separated roles (default PARTNER_ADMIN; POLICYMANAGER for a policy manager)
${STORE_HELP}`,
    options: {
      user: { type: 'string' },
      'password-file': { type: 'string' },
      role: { type: 'string' },
      ...OPTIONS,
    },
    async run(ctx) {
      const username = stringOption(ctx, 'user', true) as string;
      const file = stringOption(ctx, 'password-file');
      let password: string | undefined;
      if (file !== undefined) {
        try {
          password = readFileSync(file, 'utf8').split(/\r?\n/)[0] ?? '';
        } catch (e) {
          throw new CliError(`cannot read --password-file: ${(e as Error).message}`);
        }
        if (!password) throw new CliError('--password-file is empty');
      }
      const roles = rolesOption(ctx, ['PARTNER_ADMIN']);
      const result = await withContext(ctx, (c) =>
        createUser(c, actor(), { username, roles, ...(password !== undefined ? { password } : {}) }),
      );
      const data = {
        username: result.user.username,
        roles: result.user.roles,
        ...(result.oneTimePassword ? { oneTimePassword: result.oneTimePassword } : {}),
      };
      printData(ctx, data, ctx.values.json === true);
      if (result.oneTimePassword && ctx.values.json !== true)
        ctx.err('The one-time password is shown only now; change it at first login.');
      return 0;
    },
  },
  {
    name: 'admin users list',
    summary: 'List accounts',
    help: `[--data DIR] [--config FILE] [--json]\n\nPrints name, status, roles and partner of every account.\n\nOptions:\n${STORE_HELP}`,
    options: OPTIONS,
    async run(ctx) {
      const users = await withContext(ctx, (c) => listUsers(c.db));
      if (ctx.values.json === true) printData(ctx, users, true);
      else
        for (const u of users)
          ctx.out(`${u.username}\t${u.status}\t${u.roles.join(',') || '-'}\t${u.partnerId ?? '-'}`);
      return 0;
    },
  },
  {
    name: 'admin partners list',
    summary: 'List partners with their approval status',
    help: `[--type PARTNER_TYPE] [--status InProgress|approved|rejected] [--data DIR] [--config FILE] [--json]

Options:
  --type TYPE          only partners of this type, e.g. Auth_Partner, Device_Provider, FTM_Provider
                       (default: every type)
  --status S           only this approval status: InProgress, approved or rejected (default: all)
${STORE_HELP}`,
    options: { type: { type: 'string' }, status: { type: 'string' }, ...OPTIONS },
    async run(ctx) {
      const status = stringOption(ctx, 'status');
      const partners = (await withContext(ctx, (c) => listPartners(c.db, stringOption(ctx, 'type')))).filter(
        (p) => !status || p.approvalStatus.toLowerCase() === status.toLowerCase(),
      );
      if (ctx.values.json === true) printData(ctx, partners, true);
      else
        for (const p of partners)
          ctx.out(
            `${p.partnerID}\t${p.partnerType}\t${p.approvalStatus}\t${p.status}\t${p.organizationName}`,
          );
      return 0;
    },
  },
  {
    name: 'admin partners approve',
    summary: 'Approve a partner registration (InProgress -> approved, active)',
    help: `<partnerId> [--data DIR] [--config FILE] [--json]\n\nOptions:\n${STORE_HELP}`,
    positionals: ['partnerId'],
    options: OPTIONS,
    async run(ctx) {
      const view = await withContext(ctx, (c) => approvePartner(c, actor(), partnerIdArg(ctx)));
      printData(
        ctx,
        { partnerId: view.partnerID, approvalStatus: view.approvalStatus, status: view.status },
        ctx.values.json === true,
      );
      return 0;
    },
  },
  {
    name: 'admin partners reject',
    summary: 'Reject a partner registration with a reason',
    help: `<partnerId> --reason TEXT [--data DIR] [--config FILE] [--json]

Options:
  --reason TEXT        why it is rejected, shown to the partner (required)
${STORE_HELP}`,
    positionals: ['partnerId'],
    options: { reason: { type: 'string' }, ...OPTIONS },
    async run(ctx) {
      const reason = stringOption(ctx, 'reason', true) as string;
      const view = await withContext(ctx, (c) => rejectPartner(c, actor(), partnerIdArg(ctx), reason));
      printData(
        ctx,
        {
          partnerId: view.partnerID,
          approvalStatus: view.approvalStatus,
          rejectionReason: view.rejectionReason,
        },
        ctx.values.json === true,
      );
      return 0;
    },
  },
  {
    name: 'admin partners activate',
    summary: 'Activate an approved partner',
    help: `<partnerId> [--data DIR] [--config FILE] [--json]\n\nOptions:\n${STORE_HELP}`,
    positionals: ['partnerId'],
    options: OPTIONS,
    async run(ctx) {
      const view = await withContext(ctx, (c) => setPartnerActive(c, actor(), partnerIdArg(ctx), 'Active'));
      printData(ctx, { partnerId: view.partnerID, status: view.status }, ctx.values.json === true);
      return 0;
    },
  },
  {
    name: 'admin partners deactivate',
    summary: 'Deactivate a partner',
    help: `<partnerId> [--data DIR] [--config FILE] [--json]\n\nOptions:\n${STORE_HELP}`,
    positionals: ['partnerId'],
    options: OPTIONS,
    async run(ctx) {
      const view = await withContext(ctx, (c) =>
        setPartnerActive(c, actor(), partnerIdArg(ctx), 'De-active'),
      );
      printData(ctx, { partnerId: view.partnerID, status: view.status }, ctx.values.json === true);
      return 0;
    },
  },
  {
    name: 'admin clients create',
    summary: 'Create machine credentials (client id + secret) for a server, e.g. a management server',
    help: `--name NAME [--partner PARTNER_ID] [--role ROLES] [--data DIR] [--config FILE] [--json]

Prints the client id and the secret (shown only now). With --partner the client acts for that
partner with its partner-type role. It logs in at POST /v1/authmanager/authenticate/clientidsecretkey.

Options:
  --name NAME          a label for the client (required)
  --partner ID         the partner the client acts for (default: none)
  --role ROLES         comma-separated roles (default: none beyond the partner's type role)
${STORE_HELP}`,
    options: { name: { type: 'string' }, partner: { type: 'string' }, role: { type: 'string' }, ...OPTIONS },
    async run(ctx) {
      const name = stringOption(ctx, 'name', true) as string;
      const roles = rolesOption(ctx, []);
      const partnerId = stringOption(ctx, 'partner') ?? null;
      const { client, secretKey } = await withContext(ctx, (c) =>
        createClient(c, actor(), { name, roles, partnerId }),
      );
      printData(
        ctx,
        { clientId: client.clientId, secretKey, roles: client.roles, partnerId: client.partnerId },
        ctx.values.json === true,
      );
      return 0;
    },
  },
  {
    name: 'admin audit verify',
    summary: 'Verify the audit log hash chain (exit 1 when broken)',
    help: `[--data DIR] [--config FILE] [--json]\n\nRecomputes the chain of every audit entry; exit 1 when it is broken.\n\nOptions:\n${STORE_HELP}`,
    options: OPTIONS,
    async run(ctx) {
      const result = await withContext(ctx, (c) => c.audit.verify(c.db));
      printData(ctx, result, ctx.values.json === true);
      return result.ok ? 0 : 1;
    },
  },
  {
    name: 'admin audit list',
    summary: 'Show audit entries',
    help: `[--action A] [--actor A] [--target T] [--from SEQ] [--limit N] [--data DIR] [--config FILE] [--json]

Prints sequence number, time, actor, action and target of each entry, oldest first.

Options:
  --action A           only this action, e.g. partner.approve (default: all)
  --actor A            only entries by this actor, e.g. admin or cli:alice (default: all)
  --target T           only entries on this target, e.g. partner:bank1 (default: all)
  --from SEQ           start at this sequence number (default 1)
  --limit N            at most N entries (default 100)
${STORE_HELP}`,
    options: {
      action: { type: 'string' },
      actor: { type: 'string' },
      target: { type: 'string' },
      from: { type: 'string' },
      limit: { type: 'string' },
      ...OPTIONS,
    },
    async run(ctx) {
      const num = (name: string) => {
        const v = stringOption(ctx, name);
        if (v === undefined) return undefined;
        const n = Number(v);
        if (!Number.isInteger(n) || n < 1) throw new CliError(`--${name} must be a positive integer`);
        return n;
      };
      const query = {
        ...(stringOption(ctx, 'action') ? { action: stringOption(ctx, 'action') as string } : {}),
        ...(stringOption(ctx, 'actor') ? { actor: stringOption(ctx, 'actor') as string } : {}),
        ...(stringOption(ctx, 'target') ? { target: stringOption(ctx, 'target') as string } : {}),
        ...(num('from') !== undefined ? { fromSeq: num('from') as number } : {}),
        ...(num('limit') !== undefined ? { limit: num('limit') as number } : {}),
      };
      const entries = await withContext(ctx, (c) => c.audit.query(c.db, query));
      if (ctx.values.json === true) printData(ctx, entries, true);
      else for (const e of entries) ctx.out(`${e.seq}\t${e.at}\t${e.actor}\t${e.action}\t${e.target ?? '-'}`);
      return 0;
    },
  },
];
