import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { refusalReason, resolveAllowed } from '../../src/engine/network-guard.js';
import { FAST_RETRY, nextEvent, roomEvent, sleep, startNotifier, startSink } from '../helpers/engine.js';

describe('SSRF guard in the sender', () => {
  it('by default refuses a loopback endpoint: the delivery fails with address_forbidden and never reaches it', async (t) => {
    const sink = await startSink(t);
    const notifier = await startNotifier(t, {
      network: {},
      endpoints: [{ id: 'ep', url: sink.url(), retry: FAST_RETRY }],
    });
    const failed = nextEvent(notifier, 'failed');
    await notifier.publish(roomEvent('ssrf', 0));

    const info = await failed;
    assert.match(info.error ?? '', /address_forbidden/);
    assert.equal(info.statusCode, undefined);
    await sleep(100);
    assert.equal(sink.requests.length, 0, 'not one request reached the sink');
    const [delivery] = await notifier.store.listDeliveries({ endpointId: 'ep' });
    assert.equal(delivery!.status, 'failed');
    assert.equal(delivery!.attempts, 1, 'a refused address is final, not retried');
    const [attempt] = await notifier.store.listAttempts(delivery!.id);
    assert.match(attempt!.error ?? '', /address_forbidden: 127\.0\.0\.1.*loopback/);
  });

  it('refuses loopback given as an IPv4-mapped IPv6 literal in the URL', async (t) => {
    const sink = await startSink(t);
    const notifier = await startNotifier(t, {
      network: {},
      endpoints: [{ id: 'ep', url: `http://[::ffff:127.0.0.1]:${sink.port}/hook`, retry: FAST_RETRY }],
    });
    const failed = nextEvent(notifier, 'failed');
    await notifier.publish(roomEvent('ssrf', 0));
    assert.match((await failed).error ?? '', /address_forbidden/);
    assert.equal(sink.requests.length, 0);
  });
});

describe('refusalReason', () => {
  const refused = [
    '169.254.169.254', // cloud metadata
    'fd00:ec2::254', // AWS metadata over IPv6
    '10.0.0.1',
    '10.255.255.254',
    '172.16.5.4',
    '192.168.1.1',
    '100.64.0.1',
    '127.0.0.1',
    '127.1.2.3',
    '::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:169.254.169.254',
    'fe80::1',
    '0.0.0.0',
    '::',
    '224.0.0.1',
    '64:ff9b::10.0.0.1', // NAT64 to a private address
    '64:ff9b::a9fe:a9fe', // NAT64 to the metadata address, in hex
    '64:ff9b::7f00:1', // NAT64 to loopback
    '::10.0.0.1', // IPv4-compatible (deprecated) form
  ];
  for (const address of refused) {
    it(`refuses ${address} under the default policy`, () => {
      assert.equal(typeof refusalReason(address, {}), 'string');
    });
  }

  for (const address of [
    '93.184.216.34',
    '8.8.8.8',
    '2606:4700:4700::1111',
    '::ffff:93.184.216.34',
    '64:ff9b::808:808', // NAT64 to a public address
  ]) {
    it(`allows the public address ${address}`, () => {
      assert.equal(refusalReason(address, {}), undefined);
    });
  }

  it('allowLoopback allows loopback only, not metadata or private ranges', () => {
    const policy = { allowLoopback: true };
    assert.equal(refusalReason('127.0.0.1', policy), undefined);
    assert.equal(refusalReason('::1', policy), undefined);
    assert.match(refusalReason('169.254.169.254', policy)!, /link-local/);
    assert.match(refusalReason('10.0.0.1', policy)!, /private/);
  });

  it('allowPrivate allows private ranges, but never reserved ones', () => {
    const policy = { allowPrivate: true };
    assert.equal(refusalReason('10.0.0.1', policy), undefined);
    assert.equal(refusalReason('fd00:ec2::254', policy), undefined);
    assert.match(refusalReason('127.0.0.1', policy)!, /loopback/);
    assert.match(refusalReason('0.0.0.0', { allowPrivate: true, allowLoopback: true })!, /reserved/);
  });

  it('resolveAllowed checks IP literals as they are, brackets and all', async () => {
    assert.equal(await resolveAllowed('93.184.216.34', {}), '93.184.216.34');
    await assert.rejects(resolveAllowed('[fd00:ec2::254]', {}), { code: 'address_forbidden' });
    await assert.rejects(resolveAllowed('169.254.169.254', { allowLoopback: true }), {
      code: 'address_forbidden',
    });
  });

  it('resolveAllowed refuses a name that resolves to loopback (the check runs after DNS)', async () => {
    await assert.rejects(resolveAllowed('localhost', {}), { code: 'address_forbidden' });
  });
});
