import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { writeDevKeys } from '../../src/config/dev-keys.js';
import { readEnv } from '../../src/config/env.js';
import { DEV_ENDPOINT, loadConfig, parseConfig } from '../../src/config/load-config.js';

/** Config text, one array entry per line, so tests can name line numbers honestly. */
const yaml = (...lines: string[]): string => lines.join('\n') + '\n';
const parse = (text: string, env: Record<string, string> = {}) =>
  parseConfig(text, 'roomhooks.yaml', readEnv(env));

function rejects(text: string, message: string | RegExp, env: Record<string, string> = {}): void {
  assert.throws(
    () => parse(text, env),
    (err: Error & { code?: string }) => {
      assert.equal(err.code, 'config_invalid');
      if (typeof message === 'string') assert.equal(err.message, message);
      else assert.match(err.message, message);
      return true;
    },
  );
}

function tempCwd(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'roomhooks-config-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const { publicKey: PUBLIC_KEY } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});

const LIVEKIT_SECTION = yaml(
  '# pasted from livekit.yaml',
  'keys:',
  '  APIabc: secret-abc',
  '  APIdef: secret-def',
  'webhook:',
  '  api_key: APIdef',
  '  urls:',
  '    - https://app.example.com/livekit',
  '    - https://audit.example.com/hooks',
  '  filter_params:',
  '    include_events: [room_started, room_finished]',
);

describe('config file', () => {
  it("accepts LiveKit's keys and webhook section unchanged, as livekit-format endpoints", () => {
    const config = parse(LIVEKIT_SECTION);
    assert.deepEqual(config.keys, { APIabc: 'secret-abc', APIdef: 'secret-def' });
    assert.deepEqual(
      config.endpoints.map((e) => [e.url, e.format, e.apiKey, e.events?.include]),
      [
        ['https://app.example.com/livekit', 'livekit', 'APIdef', ['room_started', 'room_finished']],
        ['https://audit.example.com/hooks', 'livekit', 'APIdef', ['room_started', 'room_finished']],
      ],
    );
    assert.equal(config.port, 7890);
    assert.deepEqual(config.storage, { sqlite: './roomhooks.db' });
    assert.deepEqual(config.network, { allowLoopback: false, allowPrivate: false });
  });

  it('reads the extensions: endpoints, storage, port, host, log_level, network, videosdk', () => {
    const config = parse(
      yaml(
        'keys: { APIabc: secret-abc }',
        'port: 9000',
        'host: 0.0.0.0',
        'log_level: warn',
        'storage: { sqlite: /var/lib/roomhooks.db }',
        'network: { allow_loopback: true, allow_private: true }',
        'videosdk:',
        '  public_key: |',
        ...PUBLIC_KEY.trim()
          .split('\n')
          .map((line) => `    ${line}`),
        'endpoints:',
        '  - url: https://hooks.example.com/rooms',
        '    format: standard',
        '    ordering: endpoint',
        '    retry: { schedule: [0, 1000], jitter: 0.1 }',
        '    events: { exclude: [track_published] }',
      ),
    );
    assert.equal(config.port, 9000);
    assert.equal(config.host, '0.0.0.0');
    assert.equal(config.logLevel, 'warn');
    assert.deepEqual(config.storage, { sqlite: '/var/lib/roomhooks.db' });
    assert.deepEqual(config.network, { allowLoopback: true, allowPrivate: true });
    assert.match(config.videosdkPublicKey ?? '', /^-----BEGIN PUBLIC KEY-----/);
    assert.equal(config.endpoints[0]?.format, 'standard');
    assert.deepEqual(config.endpoints[0]?.retry, { schedule: [0, 1000], jitter: 0.1 });
  });

  it('reports YAML syntax errors with the file and line', () => {
    rejects(
      yaml('keys:', '  APIabc: secret', 'webhook:', '  urls: [https://a.example.com', 'port: 1'),
      /^roomhooks\.yaml:[45]: invalid YAML: /,
    );
    rejects(yaml('keys:', '  APIabc: one', '  APIabc: two'), /^roomhooks\.yaml:3: invalid YAML: .*unique/i);
  });

  it('reports unknown keys at their line, at any depth', () => {
    rejects(
      yaml('keys: { APIabc: s }', '', 'colour: red'),
      /^roomhooks\.yaml:3: colour: unknown key \(expected one of: keys, webhook, /,
    );
    rejects(
      yaml(
        'keys: { APIabc: s }',
        'webhook:',
        '  api_key: APIabc',
        '  filter_params:',
        '    include_event: [room_started]',
      ),
      /^roomhooks\.yaml:5: webhook\.filter_params\.include_event: unknown key/,
    );
    rejects(
      yaml('keys: { APIabc: s }', 'endpoints:', '  - url: https://a.example.com', '    colour: red'),
      'roomhooks.yaml:4: endpoints[0].colour: unknown option',
    );
  });

  it('names a bad URL by file, line and index', () => {
    rejects(
      yaml(
        'keys:',
        '  APIabc: secret',
        'webhook:',
        '  api_key: APIabc',
        '  urls:',
        '    - https://ok.example.com/hook',
        '    - not a url',
      ),
      'roomhooks.yaml:7: webhook.urls[1]: not a valid URL',
    );
    rejects(
      yaml('keys: { APIabc: s }', 'endpoints:', '  - url: https://a.example.com', '  - url: "::nope"'),
      'roomhooks.yaml:4: endpoints[1].url: not a valid URL: "::nope"',
    );
  });

  it('requires webhook.api_key to be one of the keys', () => {
    rejects(
      yaml('keys:', '  APIabc: secret', 'webhook:', '  api_key: APIxyz', '  urls: [https://a.example.com]'),
      'roomhooks.yaml:4: webhook.api_key: "APIxyz" is not in keys',
    );
    rejects(
      yaml('keys: { APIabc: s }', 'endpoints:', '  - url: https://a.example.com', '    apiKey: APIxyz'),
      'roomhooks.yaml:4: endpoints[0].apiKey: "APIxyz" is not one of the configured keys',
    );
  });

  it('rejects wrong types, naming the key', () => {
    rejects(
      yaml('keys: { APIabc: s }', 'port: seven'),
      'roomhooks.yaml:2: port: expected a port number from 0 to 65535',
    );
    rejects(yaml('keys:', '  APIabc: 12345'), 'roomhooks.yaml:2: keys.APIabc: expected a non-empty string');
    rejects(
      yaml('keys: { APIabc: s }', 'network:', '  allow_loopback: "yes"'),
      'roomhooks.yaml:3: network.allow_loopback: expected true or false',
    );
    rejects(
      yaml('keys: { APIabc: s }', 'webhook:', '  api_key: APIabc', '  urls: https://a.example.com'),
      'roomhooks.yaml:4: webhook.urls: expected a list',
    );
    rejects(
      yaml(
        'keys: { APIabc: s }',
        'endpoints:',
        '  - url: https://a.example.com',
        '    retry: { schedule: [] }',
      ),
      /^roomhooks\.yaml:4: endpoints\[0\]\.retry\.schedule: expected 1 to 100/,
    );
    rejects(yaml('- just', '- a list'), 'roomhooks.yaml:1: expected a mapping');
    rejects(
      yaml(
        'keys: { APIabc: s }',
        'videosdk:',
        '  public_key: |',
        '    -----BEGIN PUBLIC KEY-----',
        '    MIIB',
      ),
      'roomhooks.yaml:3: videosdk.public_key: expected an RSA public key in PEM form',
    );
    rejects(
      yaml('log_level: loud', 'keys: { APIabc: s }'),
      /^roomhooks\.yaml:1: log_level: expected one of fatal/,
    );
  });

  it('needs at least one key', () => {
    rejects(
      yaml('port: 7000'),
      'roomhooks.yaml:1: keys: at least one API key is required (keys: or ROOMHOOKS_KEYS)',
    );
  });
});

describe('storage: PostgreSQL', () => {
  it('reads storage.postgres with its schema, pool, statement timeout and lease margin', () => {
    const config = parse(
      yaml(
        'keys: { APIabc: s }',
        'storage:',
        '  postgres: postgres://rh:secret@db.internal:5432/roomhooks',
        '  postgres_schema: tenant_a',
        '  pool_max: 4',
        '  statement_timeout_ms: 5000',
        '  lease_margin_ms: 2000',
      ),
    );
    assert.deepEqual(config.storage, {
      postgres: 'postgres://rh:secret@db.internal:5432/roomhooks',
      schema: 'tenant_a',
      poolMax: 4,
      statementTimeoutMs: 5000,
      leaseMarginMs: 2000,
    });
    assert.deepEqual(
      parse(yaml('keys: { APIabc: s }', 'storage: { postgres: "postgresql://db/rh" }')).storage,
      {
        postgres: 'postgresql://db/rh',
      },
    );
  });

  it('reports a bad URL, both stores, bad tuning and PostgreSQL-only keys at their line', () => {
    const keys = 'keys: { APIabc: s }';
    rejects(
      yaml(keys, 'storage:', '  postgres: "not a url"'),
      'roomhooks.yaml:3: storage.postgres: not a valid URL (expected postgres://user:password@host:5432/database)',
    );
    rejects(
      yaml(keys, 'storage:', '  postgres: mysql://db/rh'),
      'roomhooks.yaml:3: storage.postgres: expected a postgres:// or postgresql:// URL, not mysql://',
    );
    rejects(
      yaml(keys, 'storage:', '  postgres: postgres://db/rh', '  sqlite: ./rh.db'),
      'roomhooks.yaml:4: storage.sqlite: set either sqlite or postgres, not both',
    );
    rejects(
      yaml(keys, 'storage:', '  postgres: postgres://db/rh', '  postgres_schema: Bad-Name'),
      'roomhooks.yaml:4: storage.postgres_schema: expected a lower-case SQL identifier',
    );
    rejects(
      yaml(keys, 'storage:', '  postgres: postgres://db/rh', '  pool_max: 0'),
      'roomhooks.yaml:4: storage.pool_max: expected an integer ≥ 1',
    );
    rejects(
      yaml(keys, 'storage:', '  sqlite: ./rh.db', '  lease_margin_ms: 100'),
      'roomhooks.yaml:4: storage.lease_margin_ms: only applies with storage.postgres',
    );
  });

  it('ROOMHOOKS_DATABASE_URL=postgres://… selects PostgreSQL, keeping the file’s PostgreSQL tuning', (t) => {
    const env = { ROOMHOOKS_DATABASE_URL: 'postgres://rh:from-env@db/rh' };
    assert.deepEqual(parse(LIVEKIT_SECTION, env).storage, { postgres: 'postgres://rh:from-env@db/rh' });
    const tuned = yaml(
      'keys: { APIabc: s }',
      'storage: { postgres: "postgres://db/rh", postgres_schema: rh2 }',
    );
    assert.deepEqual(parse(tuned, env).storage, { postgres: 'postgres://rh:from-env@db/rh', schema: 'rh2' });
    // Dev mode (no file) too.
    assert.deepEqual(loadConfig({ cwd: tempCwd(t), env }).config.storage, {
      postgres: 'postgres://rh:from-env@db/rh',
    });
    rejects(LIVEKIT_SECTION, /^ROOMHOOKS_DATABASE_URL: not a valid URL/, {
      ROOMHOOKS_DATABASE_URL: 'postgres://[bad',
    });
    rejects(LIVEKIT_SECTION, 'ROOMHOOKS_DATABASE_URL: only sqlite:PATH and postgres:// URLs are supported', {
      ROOMHOOKS_DATABASE_URL: 'mysql://db/rh',
    });
  });
});

describe('environment overrides', () => {
  it('ROOMHOOKS_KEYS replaces keys (LIVEKIT_KEYS syntax) and references are checked against it', () => {
    const config = parse(LIVEKIT_SECTION, { ROOMHOOKS_KEYS: 'APIdef: from-env, APInew: other' });
    assert.deepEqual(config.keys, { APIdef: 'from-env', APInew: 'other' });
    rejects(LIVEKIT_SECTION, 'roomhooks.yaml:6: webhook.api_key: "APIdef" is not in keys', {
      ROOMHOOKS_KEYS: 'APInew: other',
    });
    rejects(LIVEKIT_SECTION, /^ROOMHOOKS_KEYS: key pair 1 has no ":"/, { ROOMHOOKS_KEYS: 'APInew' });
  });

  it('ROOMHOOKS_DATABASE_URL and ROOMHOOKS_ALLOW_LOOPBACK', () => {
    const config = parse(LIVEKIT_SECTION, {
      ROOMHOOKS_DATABASE_URL: 'sqlite:/data/rh.db',
      ROOMHOOKS_ALLOW_LOOPBACK: '1',
    });
    assert.deepEqual(config.storage, { sqlite: '/data/rh.db' });
    assert.equal(config.network.allowLoopback, true);
    rejects(LIVEKIT_SECTION, 'ROOMHOOKS_ALLOW_LOOPBACK: expected 1 or 0, got "maybe"', {
      ROOMHOOKS_ALLOW_LOOPBACK: 'maybe',
    });
  });

  it('ROOMHOOKS_CONFIG names the file; --port wins over the file', (t) => {
    const cwd = tempCwd(t);
    writeFileSync(join(cwd, 'rh.yaml'), yaml('keys: { APIabc: s }', 'port: 9000'));
    const { config, dev } = loadConfig({ cwd, env: { ROOMHOOKS_CONFIG: 'rh.yaml' }, port: 9100 });
    assert.equal(dev, undefined);
    assert.equal(config.file, 'rh.yaml');
    assert.equal(config.port, 9100);
    assert.throws(() => loadConfig({ cwd, env: {}, configFile: 'missing.yaml' }), {
      code: 'config_invalid',
      message: 'missing.yaml: file not found',
    });
  });
});

describe('dev mode (no config)', () => {
  it('generates a key pair, allows loopback, and points one livekit endpoint at `roomhooks listen`', (t) => {
    const cwd = tempCwd(t);
    const first = loadConfig({ cwd, env: {} });
    assert.ok(first.dev?.created);
    assert.match(first.dev.keys.apiKey, /^API\w+$/);
    assert.equal(first.dev.file, join(cwd, '.roomhooks', 'dev-keys.json'));
    assert.deepEqual(first.config.keys, { [first.dev.keys.apiKey]: first.dev.keys.apiSecret });
    assert.equal(first.config.network.allowLoopback, true);
    assert.deepEqual(first.config.storage, { sqlite: './roomhooks.db' });
    assert.deepEqual(first.config.endpoints, [{ ...DEV_ENDPOINT, apiKey: first.dev.keys.apiKey }]);
    assert.equal(first.config.endpoints[0]?.url, 'http://127.0.0.1:3000/webhook');

    // Once persisted (serve does it after listening), the next start reuses the same pair.
    writeDevKeys(first.dev.file, first.dev.keys);
    const second = loadConfig({ cwd, env: {} });
    assert.equal(second.dev?.created, false);
    assert.deepEqual(second.dev?.keys, first.dev.keys);
  });
});
