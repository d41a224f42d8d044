import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createKeyProvider, parseKeyPairs } from '../../src/auth/index.js';
import { isWebhookError } from '../../src/errors.js';

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(isWebhookError(err), `expected a WebhookError, got ${String(err)}`);
    return err.code;
  }
  assert.fail('expected a WebhookError');
}

describe('createKeyProvider', () => {
  it('looks secrets up from a record, a Map or an existing provider', () => {
    const fromRecord = createKeyProvider({ APIa: 'sa', APIb: 'sb' });
    assert.equal(fromRecord.getSecret('APIa'), 'sa');
    assert.equal(fromRecord.getSecret('APIb'), 'sb');
    assert.equal(fromRecord.getSecret('APIc'), undefined);
    assert.equal(fromRecord.keyCount, 2);
    assert.equal(createKeyProvider(new Map([['k', 's']])).getSecret('k'), 's');
    const custom = { getSecret: (key: string) => (key === 'x' ? 'y' : undefined) };
    assert.equal(createKeyProvider(custom), custom);
  });

  it('never resolves Object.prototype names as keys', () => {
    const keys = createKeyProvider({ APIa: 'sa' });
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      assert.equal(keys.getSecret(name), undefined, name);
    }
  });

  it('rejects empty input and empty secrets with invalid_key', () => {
    assert.equal(
      code(() => createKeyProvider({})),
      'invalid_key',
    );
    assert.equal(
      code(() => createKeyProvider({ APIa: '' })),
      'invalid_key',
    );
    assert.equal(
      code(() => createKeyProvider(new Map([['', 's']]))),
      'invalid_key',
    );
    assert.equal(
      code(() => createKeyProvider(null as never)),
      'invalid_key',
    );
  });
});

describe('parseKeyPairs', () => {
  it('parses comma- and newline-separated pairs, trimming spaces', () => {
    const map = parseKeyPairs('APIa: secretA, APIb:secretB\n  APIc : sec:ret:C \n\n');
    assert.deepEqual(
      [...map],
      [
        ['APIa', 'secretA'],
        ['APIb', 'secretB'],
        ['APIc', 'sec:ret:C'],
      ],
    );
  });

  it('names the bad entry without echoing secrets', () => {
    const cases: [string, RegExp][] = [
      ['APIa: a, justasecret', /key pair 2 has no ":"/],
      ['APIa: a, : b', /key pair 2 has an empty API key/],
      ['APIa: a, APIb:', /key pair 2: API key "APIb" has an empty secret/],
      ['APIa: a, APIa: b', /key pair 2: API key "APIa" is listed twice/],
      ['API a: b', /key pair 1: API key "API a" contains whitespace/],
      [' , \n', /no key pairs/],
    ];
    for (const [text, message] of cases) {
      assert.throws(
        () => parseKeyPairs(text),
        (err: unknown) => isWebhookError(err, 'invalid_key') && message.test(err.message),
        text,
      );
    }
    assert.throws(
      () => parseKeyPairs('APIa: a, justasecret'),
      (err: unknown) => isWebhookError(err) && !err.message.includes('justasecret'),
    );
  });
});
