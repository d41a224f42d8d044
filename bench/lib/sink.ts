import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface Sink {
  port: number;
  url: string;
  /** Receipts since the last call: [time ms, event id]. */
  receipts(): Promise<[number, string][]>;
  stop(): Promise<void>;
}

/** Starts bench/lib/sink-process.ts in a child process on `port` (0 = any free port). */
export async function startSink(port = 0): Promise<Sink> {
  const script = fileURLToPath(new URL('./sink-process.ts', import.meta.url));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', script, String(port)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const actual = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.stdout!.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
  });
  const url = `http://127.0.0.1:${actual}/hook`;
  return {
    port: actual,
    url,
    async receipts() {
      const res = await fetch(url);
      return (await res.json()) as [number, string][];
    },
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}
