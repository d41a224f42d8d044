/**
 * A webhook sink in its own process, so the benchmark's sender and receiver do not share a CPU budget.
 * It answers 200 to every POST and records (receipt time, event id) pairs; `GET /stats` returns them.
 * Started by `startSink()` in ./sink.ts; listens on the port given as argv[2] (0 = any) and prints it.
 */
import { createServer } from 'node:http';

const received: [number, string][] = [];
const server = createServer((req, res) => {
  if (req.method === 'GET') {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(received));
    received.length = 0;
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const at = Date.now();
    // Cheap id extraction: the LiveKit body carries `"id":"EV_…"` near the end.
    const body = Buffer.concat(chunks).toString('utf8');
    const match = /"id":"([^"]+)"/.exec(body.slice(body.lastIndexOf('"id":"')));
    received.push([at, match?.[1] ?? '']);
    res.end();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${typeof address === 'object' && address ? address.port : 0}\n`);
});
