import type { Output } from './output.js';

/** One verb of the `roomhooks` command. */
export interface Command {
  name: string;
  /** One line for `roomhooks --help`. */
  summary: string;
  /** The whole `roomhooks <verb> --help` text. */
  help: string;
  /** Runs the verb with its own arguments; resolves to the exit code. */
  run(argv: string[], out: Output): Promise<number>;
}
