// Talking to the server: the session (a one-hour token in sessionStorage; the secret is never kept), JSON
// calls to the admin API, and the live stream read with fetch (so the token travels in a header, not a URL).

const TOKEN_KEY = 'roomhooks.session';
const signOutListeners = new Set();

export class ApiFailure extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** The stored session `{ token, expiresAt, apiKey }`, or undefined when absent or expired. */
export function session() {
  try {
    const value = JSON.parse(sessionStorage.getItem(TOKEN_KEY) ?? 'null');
    if (value && typeof value.token === 'string' && value.expiresAt > Date.now() + 5_000) return value;
  } catch {
    // Unreadable: treated as signed out.
  }
  return undefined;
}

/** Trades the key and secret for a token; only the token is stored. */
export async function signIn(apiKey, apiSecret) {
  const res = await fetch('/v1/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ apiKey, apiSecret }),
    cache: 'no-store',
  });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) {
    throw new ApiFailure(
      res.status,
      data.error?.code ?? 'error',
      data.error?.message ?? `HTTP ${res.status}`,
    );
  }
  sessionStorage.setItem(
    TOKEN_KEY,
    JSON.stringify({ token: data.token, expiresAt: data.expiresAt, apiKey: data.apiKey }),
  );
  return data;
}

export function signOut(reason) {
  sessionStorage.removeItem(TOKEN_KEY);
  for (const listener of signOutListeners) listener(reason);
}

export function onSignOut(listener) {
  signOutListeners.add(listener);
}

function authorization() {
  const current = session();
  if (!current) {
    signOut('Your session has expired. Sign in again.');
    throw new ApiFailure(401, 'token_expired', 'the session has expired');
  }
  return `Bearer ${current.token}`;
}

/** A JSON call to the admin API; throws an {@link ApiFailure} with the server's error code. */
export async function api(path, { method = 'GET', body } = {}) {
  const headers = { authorization: authorization() };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, {
    method,
    headers,
    cache: 'no-store',
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  let data = {};
  try {
    data = text === '' ? {} : JSON.parse(text);
  } catch {
    data = {};
  }
  if (res.status === 401) {
    signOut('Your session has expired or was refused. Sign in again.');
  }
  if (!res.ok) {
    throw new ApiFailure(
      res.status,
      data.error?.code ?? 'error',
      data.error?.message ?? `HTTP ${res.status}`,
    );
  }
  return data;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Opens the live stream and keeps it open: on a drop it reconnects (1 s, doubling to 10 s) asking for what it
 * missed with `?after=<seq>`. `handlers`: `after()` → the last seq seen, `onMessage(type, data)`,
 * `onState('connecting' | 'live' | 'reconnecting')`. Returns a function that closes it.
 */
export function openStream(handlers) {
  let stopped = false;
  let controller;
  let delay = 1000;

  function dispatch(block) {
    let type = 'message';
    const data = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':') || line === '') continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') type = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length === 0) return;
    if (type === 'ready') {
      delay = 1000;
      handlers.onState('live');
      return;
    }
    try {
      handlers.onMessage(type, JSON.parse(data.join('\n')));
    } catch (err) {
      console.error('roomhooks: bad stream message', err);
    }
  }

  async function run() {
    handlers.onState('connecting');
    while (!stopped) {
      controller = new AbortController();
      try {
        const after = handlers.after();
        const res = await fetch(`/v1/stream${after ? `?after=${after}` : ''}`, {
          headers: { authorization: authorization(), accept: 'text/event-stream' },
          signal: controller.signal,
          cache: 'no-store',
        });
        if (res.status === 401) {
          signOut('Your session has expired. Sign in again.');
          return;
        }
        if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value.replace(/\r\n?/g, '\n');
          let end;
          while ((end = buffer.indexOf('\n\n')) !== -1) {
            dispatch(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
          }
        }
      } catch (err) {
        if (stopped) return;
        if (err instanceof ApiFailure) return;
      }
      if (stopped) return;
      handlers.onState('reconnecting');
      await sleep(delay);
      delay = Math.min(delay * 2, 10_000);
    }
  }

  void run();
  return () => {
    stopped = true;
    controller?.abort();
  };
}
