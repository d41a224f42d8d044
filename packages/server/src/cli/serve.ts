/**
 * `roomhooks serve`: the delivery server. Loads the config once, composes the engine (`createNotifier`) with the
 * HTTP API, and shuts down gracefully on SIGTERM/SIGINT: intake closes first, then in-flight attempts finish
 * (bounded) — anything not yet delivered stays in the store and goes out after the next start.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { pino, type Logger } from 'pino';
import { loadConfig, type LoadedConfig } from '../config/load-config.js';
import { writeDevKeys } from '../config/dev-keys.js';
import { isPostgresStorage, redactUrl, type StorageConfig } from '../config/schema.js';
import { createNotifier, type Notifier, type NotifierOptions } from '../engine/notifier.js';
import { RoomhooksError } from '../errors.js';
import { createHttpServer } from '../http/server.js';

export const SERVE_HELP = `Usage: roomhooks serve [--config roomhooks.yaml] [--port 7890] [--host 127.0.0.1]

Runs the delivery server: the HTTP API (publish, admin, LiveKit relay) and the delivery engine.

Options:
  -c, --config <file>  YAML config (LiveKit's keys/webhook sections work as-is); else $ROOMHOOKS_CONFIG
  -p, --port <n>       port to listen on (default 7890, or the config's port)
      --host <addr>    address to listen on (default 127.0.0.1, or the config's host)
  -h, --help           show this help

Without a config: dev mode — SQLite at ./roomhooks.db, a dev key pair kept in .roomhooks/dev-keys.json,
loopback deliveries allowed, and one endpoint http://127.0.0.1:3000/webhook (run \`roomhooks listen\`).

Environment: ROOMHOOKS_CONFIG, ROOMHOOKS_KEYS ("key: secret, ..."), ROOMHOOKS_DATABASE_URL (sqlite:PATH or
postgres://user:password@host:5432/db — several processes may share one PostgreSQL database),
ROOMHOOKS_ALLOW_LOOPBACK=1.

SIGTERM or SIGINT stops intake, lets in-flight deliveries finish (up to 10 s) and exits 0.`;

/** How long open requests may take to finish once shutdown begins. */
const INTAKE_CLOSE_TIMEOUT_MS = 10_000;

/** A timer that does not keep the process alive. */
const delay = (ms: number): Promise<void> => sleep(ms, undefined, { ref: false });

interface ServeArgs {
  help: boolean;
  config: string | undefined;
  port: number | undefined;
  host: string | undefined;
}

function parseServeArgs(argv: string[]): ServeArgs {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      help: { type: 'boolean', short: 'h' },
      config: { type: 'string', short: 'c' },
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
    },
  });
  let port: number | undefined;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!/^\d+$/.test(values.port) || port > 65535) {
      throw new Error(`--port: expected a port number from 0 to 65535, got ${JSON.stringify(values.port)}`);
    }
  }
  return { help: values.help === true, config: values.config, port, host: values.host };
}

/** The database as the banner names it: a path, or a URL without its password plus the schema. */
function describeStorage(storage: StorageConfig): string {
  if (!isPostgresStorage(storage)) return storage.sqlite;
  return `${redactUrl(storage.postgres)} (PostgreSQL, schema ${storage.schema ?? 'roomhooks'})`;
}

/** The engine's store options (and the lease margin, which only a shared store uses) from the config. */
function storeOptions(storage: StorageConfig): Pick<NotifierOptions, 'store' | 'leaseMarginMs'> {
  if (!isPostgresStorage(storage)) return { store: { sqlite: storage.sqlite } };
  const pool = {
    ...(storage.poolMax !== undefined ? { max: storage.poolMax } : {}),
    ...(storage.statementTimeoutMs !== undefined ? { statementTimeoutMs: storage.statementTimeoutMs } : {}),
  };
  return {
    store: {
      postgres: storage.postgres,
      ...(storage.schema !== undefined ? { schema: storage.schema } : {}),
      pool,
    },
    ...(storage.leaseMarginMs !== undefined ? { leaseMarginMs: storage.leaseMarginMs } : {}),
  };
}

/** The lines a person reads at start; the secret appears only when it was just generated. */
function banner(loaded: LoadedConfig, url: string): string {
  const { config, dev } = loaded;
  const lines = [`roomhooks listening on ${url}`];
  if (dev) {
    lines.push(
      'dev mode (no config file):',
      `  database    ${describeStorage(config.storage)}`,
      `  endpoint    ${config.endpoints[0]!.url} (livekit format; run \`roomhooks listen\` to receive)`,
      `  API key     ${dev.keys.apiKey}`,
      dev.created
        ? `  API secret  ${dev.keys.apiSecret}   (generated now, saved to ${dev.file})`
        : `  API secret  in ${dev.file}`,
    );
  } else {
    lines.push(
      `config ${config.file}: ${config.endpoints.length} endpoint(s) from config, database ${describeStorage(config.storage)}`,
    );
  }
  return lines.join('\n');
}

/** The first SIGTERM or SIGINT; `dispose` removes the listeners (on the early-exit paths). */
function onStopSignal(): { signal: Promise<NodeJS.Signals>; dispose: () => void } {
  let dispose = (): void => {};
  const signal = new Promise<NodeJS.Signals>((resolve) => {
    const handler = (received: NodeJS.Signals): void => {
      dispose();
      resolve(received);
    };
    dispose = () => {
      process.off('SIGTERM', handler);
      process.off('SIGINT', handler);
    };
    process.on('SIGTERM', handler);
    process.on('SIGINT', handler);
  });
  return { signal, dispose };
}

async function start(loaded: LoadedConfig, logger: Logger): Promise<number> {
  const { config } = loaded;
  // Listening for signals before anything else: a SIGTERM that arrives while starting (or right after the
  // banner) must lead to a clean shutdown, not to the default action of killing the process.
  const stop = onStopSignal();
  let notifier: Notifier;
  try {
    notifier = await createNotifier({
      ...storeOptions(config.storage),
      keys: config.keys,
      endpoints: config.endpoints,
      network: config.network,
    });
  } catch (err) {
    stop.dispose();
    if (err instanceof RoomhooksError) {
      console.error(`roomhooks serve: ${err.message}`);
      return 1;
    }
    if (isPostgresStorage(config.storage)) {
      // Unreachable, refused credentials, no such database…: a start-up problem to report, not a crash.
      const reason = err instanceof Error ? err.message : String(err);
      console.error(
        `roomhooks serve: cannot open PostgreSQL at ${redactUrl(config.storage.postgres)}: ${reason}`,
      );
      return 1;
    }
    throw err;
  }
  notifier.events.on('error', (err) => logger.error({ err }, 'engine error'));
  notifier.events.on('abandoned', (d) =>
    logger.warn(
      { deliveryId: d.deliveryId, endpointId: d.endpointId, eventId: d.eventId },
      'delivery abandoned',
    ),
  );

  const http = await createHttpServer({
    notifier,
    keys: config.keys,
    videosdkPublicKey: config.videosdkPublicKey,
    logger,
  });
  let address: string;
  try {
    address = await http.app.listen({ host: config.host, port: config.port });
  } catch (err) {
    console.error(
      `roomhooks serve: cannot listen on ${config.host}:${config.port}: ${(err as Error).message}`,
    );
    stop.dispose();
    await notifier.close();
    return 1;
  }
  if (loaded.dev) {
    // The CLI verbs find the server and the key here; kept in step with the port actually bound.
    const keys = { ...loaded.dev.keys, url: address };
    if (loaded.dev.created || loaded.dev.keys.url !== address) writeDevKeys(loaded.dev.file, keys);
  }
  console.log(banner(loaded, address));

  const signal = await stop.signal;
  logger.info({ signal }, 'shutting down: closing intake, finishing in-flight deliveries');
  http.stopAccepting();
  // Bounded: a client stuck mid-upload must not hold the shutdown. Requests still open after this get a
  // 503 (`closed`) from the notifier; nothing they sent was acknowledged, so nothing acknowledged is lost.
  await Promise.race([http.app.close(), delay(INTAKE_CLOSE_TIMEOUT_MS)]);
  await notifier.close();
  logger.info('stopped; undelivered events stay in the store for the next start');
  return 0;
}

/**
 * Runs `roomhooks serve` until SIGTERM/SIGINT; resolves with the exit code (0 after a clean shutdown,
 * 1 for a bad config or an unusable port, 2 for a bad command line).
 */
export async function serve(argv: string[]): Promise<number> {
  let args: ServeArgs;
  try {
    args = parseServeArgs(argv);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    console.error(`roomhooks serve: ${message}\n\n${SERVE_HELP}`);
    return 2;
  }
  if (args.help) {
    console.log(SERVE_HELP);
    return 0;
  }
  let loaded: LoadedConfig;
  try {
    loaded = loadConfig({ configFile: args.config, port: args.port });
  } catch (err) {
    if (err instanceof RoomhooksError) {
      console.error(`roomhooks serve: ${err.message}`);
      return 1;
    }
    throw err;
  }
  if (args.host !== undefined) loaded.config.host = args.host;
  const logger = pino({
    level: loaded.config.logLevel,
    // Belt and braces: no route logs headers, but a stray object must never carry a credential out.
    redact: ['req.headers.authorization', 'headers.authorization', '*.apiSecret', '*.secret', '*.keys'],
  });
  return start(loaded, logger);
}
