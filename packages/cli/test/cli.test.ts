/** The command line as a newcomer meets it: version, group help, option errors, pipes, ports, configuration. */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { freshStore } from './support/stores.ts';

const CLI = join(import.meta.dirname, '..', 'bin', 'mosip-trust.js');
const work = mkdtempSync(join(tmpdir(), 'cli-test-'));
after(() => rmSync(work, { recursive: true, force: true }));

interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

function cli(...args: string[]): Promise<Result> {
  return cliIn({ cwd: work, env: cleanEnv() }, ...args);
}

function cliIn(options: { cwd: string; env: NodeJS.ProcessEnv }, ...args: string[]): Promise<Result> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], options, (error, stdout, stderr) => {
      resolve({ status: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}

function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of ['DATABASE_URL', 'MOSIP_TRUST_DATA_DIR', 'MOSIP_TRUST_CONFIG', 'MOSIP_TRUST_PORT'])
    delete env[key];
  return env;
}

async function occupiedPort(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as { port: number }).port };
}

describe('mosip-trust command line', { timeout: 1_200_000 }, () => {
  test('--version prints the version of the package', async () => {
    const { version } = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')) as {
      version: string;
    };
    const r = await cli('--version');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, `mosip-trust ${version}\n`);
  });

  test('a group with --help lists its commands; without a command it says which are there', async () => {
    const groups: [string[], string[]][] = [
      [['admin'], ['admin create', 'admin users list', 'admin partners approve', 'admin audit verify']],
      [['admin', 'users'], ['admin users list']],
      [
        ['admin', 'partners'],
        ['admin partners list', 'admin partners reject', 'admin partners deactivate'],
      ],
      [['admin', 'clients'], ['admin clients create']],
      [
        ['admin', 'audit'],
        ['admin audit list', 'admin audit verify'],
      ],
      [['ca'], ['ca init', 'ca verify']],
      [['verify'], ['verify capture']],
      [['iso'], ['iso make', 'iso inspect', 'iso cbeff']],
      [
        ['devices'],
        ['devices discover', 'devices info', 'devices capture', 'devices rcapture', 'devices stream'],
      ],
    ];
    for (const [words, commands] of groups) {
      const r = await cli(...words, '--help');
      assert.equal(r.status, 0, `${words.join(' ')} --help: ${r.stderr}`);
      assert.match(r.stdout, new RegExp(`^Usage: mosip-trust ${words.join(' ')} <command>`));
      for (const c of commands)
        assert.match(r.stdout, new RegExp(`^  ${c} `, 'm'), `${words.join(' ')}: ${c}`);
      assert.doesNotMatch(r.stdout, /unknown command/);
    }
    const bare = await cli('admin', 'partners');
    assert.equal(bare.status, 2);
    assert.match(bare.stderr, /mosip-trust admin partners: which command\?/);
    assert.match(bare.stderr, /admin partners approve/);
    const unknown = await cli('nonsense');
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /unknown command "nonsense"/);
  });

  test('every option of every command is explained in its --help, with its default or as required', async () => {
    const { GROUPS } = await import('../src/main.ts');
    const modules = await Promise.all(Object.values(GROUPS).map((load) => load()));
    const commands = modules.flatMap((m) => m.commands);
    assert.ok(commands.length >= 27, `${commands.length} commands`);
    for (const command of commands) {
      const text = `Usage: mosip-trust ${command.name} ${command.help}`;
      assert.equal(text.match(/Usage:/g)?.length, 1, `${command.name}: one usage line`);
      const lines = command.help.split('\n');
      for (const option of Object.keys(command.options)) {
        // Its explanation: the line "  --name ..." (not a usage line, which lists "[--...]") and the
        // deeper-indented lines after it.
        const at = lines.findIndex((l) => new RegExp(`^  --${option}\\b(?!.*\\[--)`).test(l));
        assert.ok(at >= 0, `${command.name} --${option} is explained`);
        const indent = (lines[at] as string).search(/\S/);
        let explanation = lines[at] as string;
        for (const next of lines.slice(at + 1)) {
          if (next.search(/\S/) <= indent || /^\s*--/.test(next)) break;
          explanation += ` ${next.trim()}`;
        }
        assert.match(explanation, /\b(default|required)\b/, `${command.name}: ${explanation}`);
      }
    }
  });

  test('an option error points to the command help', async () => {
    const missing = await cli('iso', 'make', '--modality', 'finger');
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /missing required option --purpose\nRun "mosip-trust iso make --help"\./);
    const unknown = await cli('devices', 'discover', '--colour');
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /Run "mosip-trust devices discover --help"\./);
    const position = await cli(
      'iso',
      'make',
      '--modality',
      'iris',
      '--purpose',
      'Auth',
      '--seed',
      '1',
      '--out',
      'x.iso',
    );
    assert.match(position.stderr, /--position is required for iris/);
  });

  test('output piped to a reader that goes away ends quietly (no EPIPE stack trace)', async () => {
    // `true` exits at once without reading: every write of the CLI then meets a closed pipe.
    const child = spawn('bash', ['-o', 'pipefail', '-c', `"${process.execPath}" "${CLI}" --help | true`], {
      cwd: work,
      env: cleanEnv(),
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString('utf8');
    });
    const status = await new Promise<number | null>((r) => child.once('exit', r));
    assert.equal(stderr, '');
    assert.equal(status, 0);
  });

  test('iso make --variant degraded names the degradation it chose, or applies the one named; inspect summarises', async () => {
    const make = (variant: string, out: string) =>
      cli(
        ...['iso', 'make', '--modality', 'iris', '--position', 'Left', '--purpose', 'Auth', '--seed', '42'],
        ...['--variant', variant, '--out', out, '--json'],
      );
    const degraded = await make('degraded', 'degraded.iso');
    assert.equal(degraded.status, 0, degraded.stderr);
    assert.match(
      (JSON.parse(degraded.stdout) as { variant: string }).variant,
      /^(partial|smudged|rotated|small)$/,
    );
    const smudged = await make('smudged', 'smudged.iso');
    assert.equal(smudged.status, 0, smudged.stderr);
    assert.equal((JSON.parse(smudged.stdout) as { variant: string }).variant, 'smudged');
    const help = await cli('iso', 'make', '--help');
    for (const variant of ['partial', 'smudged', 'rotated', 'small'])
      assert.match(help.stdout, new RegExp(`${variant} \\(`), `--help explains ${variant}`);

    const inspect = await cli('iso', 'inspect', 'smudged.iso', '--purpose', 'Auth', '--bio-subtype', 'Left');
    assert.equal(inspect.status, 0, inspect.stderr);
    assert.match(inspect.stdout, /^smudged\.iso: iris record, \d+ bytes, checked as Auth$/m);
    assert.match(inspect.stdout, /^ {2}position {3}Left$/m);
    assert.match(inspect.stdout, /^ {2}quality {4}\d+$/m);
    assert.match(inspect.stdout, /^ {2}image {6}JP2 \d+x\d+, GRAY 8-bit/m);
    assert.match(inspect.stdout, /^ {2}verdict {4}pass$/m);
    assert.doesNotMatch(inspect.stdout, /undefined|\[object/);
  });

  test('an iso inspect of a file that is not a record is a clear error', async () => {
    writeFileSync(join(work, 'notes.txt'), 'not a biometric record\n');
    const r = await cli('iso', 'inspect', 'notes.txt');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /notes\.txt is not an ISO 19794-4\/-5\/-6 record/);
    assert.doesNotMatch(r.stdout + r.stderr, /undefined/);
  });

  test('an unknown key in the configuration file is reported', async () => {
    const file = join(work, 'trust.json');
    writeFileSync(file, JSON.stringify({ port: 0, tokenTTL: 60 }));
    const r = await cli('server', '--config', file, '--data', join(work, 'unused'));
    assert.equal(r.status, 1);
    assert.match(r.stderr, /TS_CONFIG_INVALID: unknown key "tokenTTL" in configuration file/);
  });

  test('a port in use is said plainly, for the trust server and the device service', async () => {
    const { server, port } = await occupiedPort();
    try {
      const trust = await cli('server', '--port', String(port), '--data', join(work, 'trust-data'));
      assert.equal(trust.status, 1);
      assert.match(trust.stderr, new RegExp(`port ${port} is in use`));
      assert.doesNotMatch(trust.stderr, /TS_CONFIG_INVALID/);
      const devices = await cli(
        'device-service',
        '--dev',
        '--port',
        String(port),
        '--state',
        join(work, 'mds'),
      );
      assert.equal(devices.status, 1);
      assert.match(devices.stderr, new RegExp(`^mosip-trust device-service: port ${port} is in use$`, 'm'));
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  test("production run from a repository root refuses its development key; the README's production setup starts", async () => {
    const store = await freshStore('postgres');
    const root = mkdtempSync(join(work, 'repo-'));
    try {
      // The repository root as `npm start` leaves it: ./data/trust-server with a PGlite cluster and kek.key.
      const dev = join(root, 'data', 'trust-server');
      mkdirSync(join(dev, 'pgdata'), { recursive: true });
      writeFileSync(join(dev, 'pgdata', 'PG_VERSION'), '17\n');
      writeFileSync(join(dev, 'kek.key'), `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
      chmodSync(dev, 0o700);
      const env = { ...cleanEnv(), DATABASE_URL: store.databaseUrl };
      const picked = await cliIn({ cwd: root, env }, 'server', '--production', '--port', '0');
      assert.equal(picked.status, 1);
      assert.match(
        picked.stderr,
        /TS_KEK_MISSING: production mode takes the KEK only from MOSIP_TRUST_KEK or MOSIP_TRUST_KEK_FILE/,
      );
      const named = await cliIn(
        { cwd: root, env: { ...env, MOSIP_TRUST_KEK_FILE: './data/trust-server/kek.key' } },
        'server',
        '--production',
        '--port',
        '0',
      );
      assert.equal(named.status, 1);
      assert.match(named.stderr, /TS_KEK_INVALID: .*development data directory/);

      // The README's production example: a KEK file outside any data directory, PostgreSQL, the first admin.
      mkdirSync(join(root, 'etc'));
      writeFileSync(join(root, 'etc', 'kek.key'), `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
      const password = randomBytes(18).toString('base64');
      writeFileSync(join(root, 'admin.pw'), `${password}\n`, { mode: 0o600 });
      const prod = { ...env, MOSIP_TRUST_KEK_FILE: join(root, 'etc', 'kek.key') };
      const admin = await cliIn(
        { cwd: root, env: prod },
        ...[
          'admin',
          'create',
          '--user',
          'admin',
          '--password-file',
          './admin.pw',
          '--data',
          join(root, 'var'),
        ],
      );
      assert.equal(admin.status, 0, admin.stderr);
      const server = spawn(
        process.execPath,
        [CLI, 'server', '--production', '--port', '0', '--data', join(root, 'var')],
        { cwd: root, env: prod },
      );
      try {
        let printed = '';
        const url = await new Promise<string>((resolve, reject) => {
          server.stdout.on('data', (c: Buffer) => {
            printed += c.toString('utf8');
            const m = /trust server listening on (http:\/\/\S+) \(store: postgres, production\)/.exec(
              printed,
            );
            if (m) resolve(m[1] as string);
          });
          server.once('exit', (code) => reject(new Error(`the server exited (${code}): ${printed}`)));
        });
        const login = await fetch(`${url}/v1/authmanager/authenticate/useridPwd`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ request: { userName: 'admin', password, appId: 'partner' } }),
        });
        const body = (await login.json()) as { response: { token?: string; mustChangePassword?: boolean } };
        assert.equal(login.status, 200, JSON.stringify(body));
        assert.match(body.response.token ?? '', /^mtt_/);
        assert.equal(body.response.mustChangePassword, false);
        assert.match(login.headers.get('set-cookie') ?? '', /; Secure/);
      } finally {
        const exited = new Promise((r) => server.once('exit', r));
        server.kill('SIGTERM');
        await exited;
      }
    } finally {
      await store.drop();
    }
  });
});
