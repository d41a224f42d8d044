/**
 * How verbs talk: coloured lines for people on a terminal, one JSON object per line for scripts (`--json`).
 * Verbs never write to the streams themselves, so both modes stay consistent and testable.
 */
import { styleText } from 'node:util';

/** The process's edges a verb may touch, injectable for tests and embedding. */
export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}

/** The part of a writable stream the CLI uses. */
export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export type Style = 'red' | 'green' | 'yellow' | 'cyan' | 'gray' | 'bold' | 'dim';

let pipeGuarded = false;

/** The process's own streams, environment and directory. */
export function processIo(): CliIo {
  if (!pipeGuarded) {
    pipeGuarded = true;
    // `roomhooks simulate --dry-run | head` closes the pipe early: that is the reader being done, not a crash.
    process.stdout.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(0);
      throw err;
    });
  }
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

/**
 * Colour only for a person: a terminal, no `NO_COLOR` (https://no-color.org), not a dumb terminal, and never in
 * `--json` mode. `FORCE_COLOR` (other than `0`) turns it on for pipes, as most tools do.
 */
function wantsColor(io: CliIo, json: boolean): boolean {
  if (json) return false;
  const { NO_COLOR, FORCE_COLOR, TERM } = io.env;
  if (NO_COLOR !== undefined && NO_COLOR !== '') return false;
  if (FORCE_COLOR !== undefined && FORCE_COLOR !== '') return FORCE_COLOR !== '0';
  return io.stdout.isTTY === true && TERM !== 'dumb';
}

export class Output {
  readonly json: boolean;
  readonly io: CliIo;
  readonly #color: boolean;
  #progressDrawn = false;

  constructor(io: CliIo, json: boolean) {
    this.io = io;
    this.json = json;
    this.#color = wantsColor(io, json);
  }

  /** `text` in a style when colour is on, unchanged otherwise. */
  paint(style: Style | Style[], text: string): string {
    return this.#color ? styleText(style, text) : text;
  }

  /** A line for people; nothing in `--json` mode. */
  say(text: string): void {
    if (!this.json) this.#line(this.io.stdout, text);
  }

  /** A JSON record for scripts; nothing in human mode. */
  record(value: unknown): void {
    if (this.json) this.#line(this.io.stdout, JSON.stringify(value));
  }

  /** The same fact for either audience. */
  emit(human: string, json: unknown): void {
    if (this.json) this.record(json);
    else this.say(human);
  }

  /** A line of data on stdout in either mode (e.g. NDJSON that is the command's product). */
  data(line: string): void {
    this.#line(this.io.stdout, line);
  }

  /** A side note on stderr (people only: scripts read stdout). */
  note(text: string): void {
    if (!this.json) this.#line(this.io.stderr, this.paint('gray', text));
  }

  /** A failure: `{ "error": { code, message } }` on stdout for scripts, a red line on stderr for people. */
  error(code: string, message: string): void {
    if (this.json) this.record({ error: { code, message } });
    else
      this.#line(
        this.io.stderr,
        `${this.paint(['red', 'bold'], 'error')} ${message} ${this.paint('gray', `(${code})`)}`,
      );
  }

  /** Whether a progress bar would be seen: a terminal on stderr and not `--json`. */
  get interactive(): boolean {
    return !this.json && this.io.stderr.isTTY === true;
  }

  /** Redraws one progress line on stderr (terminal only). */
  progress(done: number, total: number, label: string): void {
    if (!this.interactive) return;
    const width = 28;
    const fraction = total === 0 ? 1 : Math.min(1, done / total);
    const filled = Math.round(fraction * width);
    const bar = this.paint('green', '█'.repeat(filled)) + this.paint('gray', '░'.repeat(width - filled));
    this.io.stderr.write(`\r\x1b[2K${bar} ${done}/${total} ${label}`);
    this.#progressDrawn = true;
  }

  /** Clears the progress line so the next output starts clean. */
  endProgress(): void {
    if (this.#progressDrawn) this.io.stderr.write('\r\x1b[2K');
    this.#progressDrawn = false;
  }

  #line(stream: OutputStream, text: string): void {
    if (this.#progressDrawn) this.endProgress();
    stream.write(`${text}\n`);
  }
}
