/**
 * WAL checkpoints from a thread of their own.
 *
 * SQLite's automatic checkpoint runs inside whichever commit crosses its threshold: it copies the WAL into the
 * database file and fsyncs it, on the event loop, and that stall grows with the file (bench/deliver backlog).
 * Here a worker thread with its own connection runs PASSIVE checkpoints, which never block the writer, every
 * `intervalMs`. The writer keeps its automatic checkpoint as a backstop: the WAL only rewinds to its start
 * after a checkpoint that caught up completely, which a busy writer may rarely allow a passive one, and by the
 * time the backstop fires the worker has already copied and synced nearly everything.
 *
 * The worker is a few lines of plain JavaScript evaluated from a string, so it runs the same from the
 * TypeScript sources (tests, benchmarks) and from the published build, with no loader or extra entry file.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (err) {
    parentPort.postMessage({ error: err && err.message ? err.message : String(err) });
  }
}, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface CheckpointerOptions {
  /** The database file (not `:memory:`). */
  path: string;
  intervalMs: number;
  /** A checkpoint that failed; the next one is tried at the next interval regardless. */
  onError?: (err: Error) => void;
}

export class Checkpointer {
  readonly #worker: Worker;
  readonly #exited: Promise<void>;

  constructor(options: CheckpointerOptions) {
    this.#worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        driver: createRequire(import.meta.url).resolve('better-sqlite3'),
        path: options.path,
        intervalMs: options.intervalMs,
      },
    });
    // Never what keeps a process alive: the writer's own checkpoint still runs if this thread is gone.
    this.#worker.unref();
    this.#worker.on('message', (m: { error?: string }) => {
      if (m.error !== undefined) options.onError?.(new Error(`WAL checkpoint failed: ${m.error}`));
    });
    this.#worker.on('error', (err) => options.onError?.(err));
    this.#exited = new Promise((resolve) => this.#worker.once('exit', () => resolve()));
  }

  /** Stops checkpointing and closes the worker's connection, before the writer closes its own. */
  async close(): Promise<void> {
    // Held again while it winds down, or a process with nothing else to do would leave this await hanging.
    this.#worker.ref();
    this.#worker.postMessage('close');
    await this.#exited;
  }
}
