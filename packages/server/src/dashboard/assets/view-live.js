// The live list: every event as it is stored, with its delivery state per endpoint, updated as outcomes
// arrive; filterable by room, type and endpoint.
import { h, replace, statusBadge, time } from './dom.js';
import { deliveryStates, state, subscribe } from './state.js';

const SHOWN = 300;
// Kept across visits, so going to an event and back keeps the filters.
const filters = { room: '', type: '', endpoint: '' };

function option(value, label, selected) {
  return h('option', { value, selected: selected || false }, label);
}

export function renderLive(main) {
  const rows = new Map();
  const room = h('input', {
    id: 'filter-room',
    type: 'search',
    list: 'room-options',
    autocomplete: 'off',
    value: filters.room,
    placeholder: 'any room',
  });
  const roomOptions = h('datalist', { id: 'room-options' });
  const type = h('select', { id: 'filter-type' });
  const endpoint = h('select', { id: 'filter-endpoint' });
  const count = h('p', { class: 'muted', id: 'live-count' });
  const list = h('ol', {
    class: 'events',
    id: 'live-list',
    role: 'log',
    'aria-live': 'polite',
    'aria-relevant': 'additions',
    'aria-label': 'Events, newest first',
  });

  const knownTypes = new Set();
  const knownRooms = new Set();

  function fillOptions() {
    const names = [...new Set(state.events.map((e) => e.name))].sort();
    knownTypes.clear();
    for (const n of names) knownTypes.add(n);
    if (filters.type && !names.includes(filters.type)) names.push(filters.type);
    replace(
      type,
      option('', 'All types', filters.type === ''),
      names.map((n) => option(n, n, n === filters.type)),
    );
    const endpoints = state.endpoints.map((e) => e.id);
    if (filters.endpoint && !endpoints.includes(filters.endpoint)) endpoints.push(filters.endpoint);
    replace(
      endpoint,
      option('', 'All endpoints', filters.endpoint === ''),
      endpoints.map((id) => option(id, id, id === filters.endpoint)),
    );
    const rooms = [...new Set(state.events.map((e) => e.room).filter(Boolean))].sort();
    knownRooms.clear();
    for (const r of rooms) knownRooms.add(r);
    replace(
      roomOptions,
      rooms.map((r) => h('option', { value: r })),
    );
  }

  function matches(event) {
    if (filters.room && !(event.room ?? '').toLowerCase().includes(filters.room.toLowerCase())) return false;
    if (filters.type && event.name !== filters.type) return false;
    if (filters.endpoint && !deliveryStates(event.id).has(filters.endpoint)) return false;
    return true;
  }

  function chips(event) {
    const states = [...deliveryStates(event.id).entries()]
      .filter(([id]) => !filters.endpoint || id === filters.endpoint)
      .sort(([a], [b]) => a.localeCompare(b));
    if (states.length === 0) return h('span', { class: 'muted' }, 'no deliveries yet');
    return h(
      'ul',
      { class: 'chips', 'aria-label': 'Deliveries' },
      states.map(([id, d]) =>
        h(
          'li',
          { class: 'chip', dataset: { endpoint: id, status: d.status } },
          h('span', { class: 'chip-endpoint' }, id),
          statusBadge(d.status, d.lastStatusCode ? `(${d.lastStatusCode})` : ''),
        ),
      ),
    );
  }

  function fill(li, event) {
    const href = `#/events/${encodeURIComponent(event.id)}`;
    replace(
      li,
      h('span', { class: 'ev-time' }, time(event.createdAt)),
      h(
        'span',
        { class: 'ev-what' },
        h('a', { href, class: 'ev-name' }, event.name),
        h('span', { class: 'ev-id mono' }, event.id),
      ),
      h('span', { class: 'ev-room' }, event.room ?? h('span', { class: 'muted' }, 'no room')),
      // Updated in place as outcomes arrive; not announced (only new events are).
      h('div', { class: 'ev-deliveries', 'aria-live': 'off' }, chips(event)),
    );
  }

  function row(event) {
    const li = h('li', { class: 'event', dataset: { id: event.id, seq: event.seq } });
    fill(li, event);
    rows.set(event.id, li);
    return li;
  }

  function updateCount() {
    const shown = list.children.length;
    count.textContent =
      state.events.length === 0
        ? 'No events yet. They appear here as soon as they are published.'
        : `Showing ${shown} of ${state.events.length} recent events, newest first.`;
  }

  function renderAll() {
    rows.clear();
    replace(list, state.events.filter(matches).slice(0, SHOWN).map(row));
    updateCount();
  }

  function onFilter() {
    filters.room = room.value.trim();
    filters.type = type.value;
    filters.endpoint = endpoint.value;
    renderAll();
  }
  room.addEventListener('input', onFilter);
  type.addEventListener('change', onFilter);
  endpoint.addEventListener('change', onFilter);

  const clear = h(
    'button',
    {
      type: 'button',
      class: 'secondary',
      onclick: () => {
        filters.room = filters.type = filters.endpoint = '';
        room.value = '';
        fillOptions();
        renderAll();
      },
    },
    'Clear filters',
  );

  replace(
    main,
    h('h1', { tabindex: '-1' }, 'Live events'),
    h(
      'form',
      {
        class: 'filters',
        role: 'search',
        'aria-label': 'Filter events',
        onsubmit: (e) => e.preventDefault(),
      },
      h('div', { class: 'field' }, h('label', { for: 'filter-room' }, 'Room'), room, roomOptions),
      h('div', { class: 'field' }, h('label', { for: 'filter-type' }, 'Type'), type),
      h('div', { class: 'field' }, h('label', { for: 'filter-endpoint' }, 'Endpoint'), endpoint),
      h('div', { class: 'field actions' }, clear),
    ),
    count,
    list,
  );
  fillOptions();
  renderAll();

  return subscribe((kind, payload) => {
    if (kind === 'reset' || kind === 'endpoints') {
      fillOptions();
      renderAll();
    } else if (kind === 'event') {
      if (!knownTypes.has(payload.name) || (payload.room && !knownRooms.has(payload.room))) fillOptions();
      if (!matches(payload)) return;
      const li = row(payload);
      li.classList.add('new');
      // Newest first: before the first row with a lower seq.
      const next = [...list.children].find((el) => Number(el.dataset.seq) < payload.seq);
      list.insertBefore(li, next ?? null);
      while (list.children.length > SHOWN) {
        const last = list.lastElementChild;
        rows.delete(last.dataset.id);
        last.remove();
      }
      updateCount();
    } else if (kind === 'delivery') {
      const event = state.byId.get(payload.eventId);
      const li = rows.get(payload.eventId);
      if (!event) return;
      if (li) {
        li.querySelector('.ev-deliveries').replaceChildren(chips(event));
      } else if (filters.endpoint && matches(event)) {
        renderAll();
      }
    }
  });
}
