// The dashboard's entry point: sign-in, the first load, the live stream, and hash routing between views.
import { api, onSignOut, openStream, session, signOut } from './api.js';
import { throttle } from './dom.js';
import { addEvent, emit, reset, setDelivery, state } from './state.js';
import { renderEndpoints } from './view-endpoints.js';
import { renderEvent } from './view-event.js';
import { renderFailures } from './view-failures.js';
import { renderLive } from './view-live.js';
import { renderRoom, renderRooms } from './view-rooms.js';
import { renderSignIn } from './view-sign-in.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const connection = document.getElementById('connection');
const signOutButton = document.getElementById('sign-out');
const failureCount = document.getElementById('failure-count');

let closeStream;
let cleanup = () => {};
let expiryTimer;
let running = false;

const CONNECTION_TEXT = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…' };

function setConnection(s) {
  connection.textContent = CONNECTION_TEXT[s] ?? '';
  connection.dataset.state = s;
}

const refreshFailureCount = throttle(async () => {
  try {
    const stats = await api('/v1/stats');
    const n = (stats.deliveries?.failed ?? 0) + (stats.deliveries?.abandoned ?? 0);
    failureCount.textContent = n > 0 ? String(n) : '';
    const link = failureCount.closest('a');
    if (n > 0) link.setAttribute('aria-label', `Failures: ${n} failed or abandoned`);
    else link.removeAttribute('aria-label');
  } catch {
    // Shown again at the next change.
  }
}, 1000);

const refreshEndpoints = throttle(async () => {
  try {
    state.endpoints = (await api('/v1/endpoints')).endpoints;
    emit('endpoints');
  } catch {
    // Kept as they were.
  }
}, 500);

async function loadRecent() {
  const [{ events }, { deliveries }, { endpoints }] = await Promise.all([
    api('/v1/events?limit=300'),
    api('/v1/deliveries?limit=1000'),
    api('/v1/endpoints'),
  ]);
  reset();
  state.endpoints = endpoints;
  for (const event of events.slice().reverse()) addEvent(event, { silent: true });
  for (const d of deliveries.slice().reverse()) {
    if (state.byId.has(d.eventId)) setDelivery(d.eventId, d, { silent: true });
  }
  emit('reset');
  refreshFailureCount();
}

const resync = throttle(() => void loadRecent().catch(() => {}), 1000);

function onMessage(type, data) {
  switch (type) {
    case 'event':
      addEvent(data);
      break;
    case 'delivery':
      setDelivery(data.eventId, {
        id: data.deliveryId,
        endpointId: data.endpointId,
        status: data.status,
        attempts: data.attempt,
        lastStatusCode: data.statusCode,
        lastError: data.error,
        at: data.at,
      });
      emit('outcome', data);
      if (data.status !== 'pending') refreshFailureCount();
      break;
    case 'endpoint':
    case 'circuit':
      emit(type, data);
      refreshEndpoints();
      break;
    case 'resync':
      resync();
      break;
  }
}

const ROUTES = [
  [/^#\/events\/(.+)$/, (m) => renderEvent(main, decodeURIComponent(m[1])), '#/live'],
  [/^#\/failures$/, () => renderFailures(main, { onChanged: refreshFailureCount }), '#/failures'],
  [/^#\/endpoints$/, () => renderEndpoints(main), '#/endpoints'],
  [/^#\/rooms\/(.+)$/, (m) => renderRoom(main, decodeURIComponent(m[1])), '#/rooms'],
  [/^#\/rooms$/, () => renderRooms(main), '#/rooms'],
  [/^/, () => renderLive(main), '#/live'],
];

function route(focus) {
  if (!running) return;
  cleanup();
  const hash = location.hash;
  for (const [pattern, render, section] of ROUTES) {
    const match = pattern.exec(hash);
    if (!match) continue;
    for (const link of nav.querySelectorAll('a')) {
      if (link.getAttribute('href') === section) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    cleanup = render(match) ?? (() => {});
    break;
  }
  const title = main.querySelector('h1')?.textContent;
  document.title = title ? `${title} · roomhooks` : 'roomhooks dashboard';
  if (focus) main.querySelector('h1')?.focus();
}

async function start() {
  const current = session();
  if (!current) return showSignIn();
  running = true;
  nav.hidden = false;
  signOutButton.hidden = false;
  clearTimeout(expiryTimer);
  expiryTimer = setTimeout(
    () => signOut('Your session has ended (tokens last one hour). Sign in again.'),
    Math.max(0, current.expiresAt - Date.now() - 5_000),
  );
  setConnection('connecting');
  try {
    await loadRecent();
  } catch (err) {
    if (!running) return;
    setConnection('reconnecting');
    console.error('roomhooks: first load failed', err);
  }
  if (!running) return;
  closeStream = openStream({ after: () => state.lastSeq, onMessage, onState: setConnection });
  route(true);
}

function showSignIn(reason) {
  running = false;
  cleanup();
  cleanup = () => {};
  closeStream?.();
  closeStream = undefined;
  clearTimeout(expiryTimer);
  nav.hidden = true;
  signOutButton.hidden = true;
  connection.textContent = '';
  failureCount.textContent = '';
  reset();
  document.title = 'Sign in · roomhooks';
  cleanup = renderSignIn(main, { reason, onSignedIn: () => void start() });
}

onSignOut((reason) => showSignIn(reason));
signOutButton.addEventListener('click', () => signOut('Signed out.'));
window.addEventListener('hashchange', () => route(true));
void start();
