// Rooms: which are live now (derived from recent events by the server), who is in them, and one room's
// timeline of events.
import { api } from './api.js';
import { h, replace, throttle, time } from './dom.js';
import { subscribe } from './state.js';

function roomCard(room) {
  const people = room.participants;
  return h(
    'li',
    { class: 'card room', dataset: { room: room.name } },
    h(
      'div',
      { class: 'card-head' },
      h('h3', {}, h('a', { href: `#/rooms/${encodeURIComponent(room.name)}` }, room.name)),
      h(
        'span',
        { class: `badge ${room.active ? 'st-delivered' : 'st-not_applicable'}` },
        room.active ? 'active' : 'finished',
      ),
    ),
    h(
      'p',
      {},
      `${people.length} participant${people.length === 1 ? '' : 's'}`,
      people.length ? `: ${people.slice(0, 12).join(', ')}${people.length > 12 ? ', …' : ''}` : '',
    ),
    h(
      'p',
      { class: 'muted small' },
      room.startedAt ? ['started ', time(room.startedAt), ' · '] : '',
      `${room.events} events · last `,
      room.lastEventName,
      ' ',
      time(room.lastEventAt),
    ),
  );
}

export function renderRooms(main) {
  const active = h('ul', { class: 'grid rooms', id: 'active-rooms', 'aria-labelledby': 'active-title' });
  const finished = h('ul', {
    class: 'grid rooms',
    id: 'finished-rooms',
    'aria-labelledby': 'finished-title',
  });
  const activeTitle = h('h2', { id: 'active-title' }, 'Active');
  const finishedTitle = h('h2', { id: 'finished-title' }, 'Recently finished');
  const note = h('p', { class: 'muted small' });

  async function load() {
    try {
      const { rooms, scanned } = await api('/v1/dashboard/rooms');
      const live = rooms.filter((r) => r.active);
      const done = rooms.filter((r) => !r.active).slice(0, 24);
      activeTitle.textContent = `Active (${live.length})`;
      replace(active, live.length ? live.map(roomCard) : h('li', { class: 'muted' }, 'No active rooms.'));
      replace(finished, done.length ? done.map(roomCard) : h('li', { class: 'muted' }, 'None.'));
      note.textContent = `Derived from the latest ${scanned} events.`;
    } catch (err) {
      note.textContent = `Could not load rooms: ${err.message}`;
    }
  }

  replace(main, h('h1', { tabindex: '-1' }, 'Rooms'), note, activeTitle, active, finishedTitle, finished);
  void load();
  const reload = throttle(() => void load(), 1000);
  return subscribe((kind, payload) => {
    if (kind === 'event' && payload.room) reload();
  });
}

function describe(body) {
  const parts = [];
  if (body.participant?.identity) parts.push(body.participant.identity);
  if (body.track?.type) parts.push(`${String(body.track.type).toLowerCase()} track`);
  if (body.egressInfo?.egressId) parts.push(`egress ${body.egressInfo.egressId}`);
  if (body.ingressInfo?.ingressId) parts.push(`ingress ${body.ingressInfo.ingressId}`);
  return parts.join(' · ');
}

export function renderRoom(main, name) {
  const list = h('ol', {
    class: 'timeline',
    id: 'room-timeline',
    'aria-label': `Events in ${name}, oldest first`,
  });
  const note = h('p', { class: 'muted' });

  async function load() {
    try {
      const { events } = await api(`/v1/events?room=${encodeURIComponent(name)}&limit=500`);
      const ordered = events.slice().reverse();
      note.textContent =
        ordered.length === 0 ? 'No events for this room.' : `${ordered.length} events, oldest first.`;
      replace(
        list,
        ordered.map((e) =>
          h(
            'li',
            {},
            h('span', { class: 'ev-time' }, time(e.createdAt)),
            h('a', { href: `#/events/${encodeURIComponent(e.id)}` }, e.name),
            h('span', { class: 'muted' }, describe(e.body ?? {})),
          ),
        ),
      );
    } catch (err) {
      note.textContent = `Could not load the timeline: ${err.message}`;
    }
  }

  replace(
    main,
    h('p', {}, h('a', { href: '#/rooms' }, '← Rooms')),
    h('h1', { tabindex: '-1' }, name),
    note,
    list,
  );
  void load();
  const reload = throttle(() => void load(), 500);
  return subscribe((kind, payload) => {
    if (kind === 'event' && payload.room === name) reload();
  });
}
