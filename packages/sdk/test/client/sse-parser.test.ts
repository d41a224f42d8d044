import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSseParser, type SseMessage } from '../../src/client/index.js';

function parse(chunks: readonly string[]): { messages: SseMessage[]; retry: number | undefined } {
  const messages: SseMessage[] = [];
  const parser = createSseParser((m) => messages.push(m));
  for (const chunk of chunks) parser.push(chunk);
  return { messages, retry: parser.retry };
}

const STREAM =
  '\uFEFF: hello\r\nevent: change\r\nid: 7\r\ndata: {"a":1,\r\ndata:"b":2}\r\n\r\n' +
  'retry: 1500\nevent: snapshot\ndata\ndata: x\n\n' +
  'id: 8\rdata: last\r\r' +
  'event: ignored-no-data\nid: 9\n\n';

test('fields, comments, multi-line data, all three line endings, BOM, retry', () => {
  const { messages, retry } = parse([STREAM]);
  assert.deepEqual(messages, [
    { event: 'change', data: '{"a":1,\n"b":2}', id: '7' },
    { event: 'snapshot', data: '\nx', id: '7' },
    { event: 'message', data: 'last', id: '8' },
  ]);
  assert.equal(retry, 1500);
});

test('the same result whatever the chunking, including a CR at a chunk end', () => {
  const whole = parse([STREAM]).messages;
  for (let size = 1; size <= 7; size++) {
    const chunks: string[] = [];
    for (let i = 0; i < STREAM.length; i += size) chunks.push(STREAM.slice(i, i + size));
    assert.deepEqual(parse(chunks).messages, whole, `chunks of ${size}`);
  }
});

test('a message is dispatched only at its blank line; a cut-off message never is', () => {
  const { messages } = parse(['event: change\ndata: {"seq":1}\n\nevent: change\ndata: {"seq":2']);
  assert.deepEqual(
    messages.map((m) => m.data),
    ['{"seq":1}'],
  );
});

test('one leading space is dropped, a value may contain colons, an id with NUL is ignored', () => {
  const { messages } = parse(['data:  two spaces: kept\nid: a\u0000b\n\n']);
  assert.deepEqual(messages, [{ event: 'message', data: ' two spaces: kept', id: '' }]);
});
