// One event: its payload, and per endpoint every attempt (time, status, latency, error, start of the
// response), with a retry button for failed and abandoned deliveries. Reloads as outcomes arrive.
import { api } from './api.js';
import { formatMs, h, isFinalFailure, replace, statusBadge, throttle, time } from './dom.js';
import { endpointLabel, setDelivery, subscribe } from './state.js';

/** A cell that names its column, so narrow screens can show rows as label/value lists. */
function cell(label, content, className) {
  return h('td', { 'data-label': label, class: className }, content);
}

function attemptsTable(delivery) {
  if (delivery.attempts.length === 0) return h('p', { class: 'muted' }, 'No attempt yet.');
  return h(
    'div',
    {
      class: 'table-scroll',
      role: 'region',
      tabindex: '0',
      'aria-label': `Attempts to ${delivery.endpointId}`,
    },
    h(
      'table',
      { class: 'attempts' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['#', 'Time', 'Status', 'Latency', 'Outcome', 'Error', 'Response'].map((c) =>
            h('th', { scope: 'col' }, c),
          ),
        ),
      ),
      h(
        'tbody',
        {},
        delivery.attempts.map((a, i) =>
          h(
            'tr',
            {},
            cell('#', String(i + 1)),
            cell('Time', time(a.startedAt)),
            cell('Status', a.statusCode === undefined || a.statusCode === null ? '—' : String(a.statusCode)),
            cell('Latency', formatMs(a.durationMs)),
            cell('Outcome', statusBadge(a.outcome === 'retry' ? 'retrying' : a.outcome)),
            cell('Error', a.error ?? '', 'error-text'),
            cell('Response', a.response ? h('code', { class: 'response' }, a.response.slice(0, 200)) : ''),
          ),
        ),
      ),
    ),
  );
}

export function renderEvent(main, id) {
  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  let data;

  function deliveryCard(delivery) {
    const retry = isFinalFailure(delivery.status)
      ? h(
          'button',
          {
            type: 'button',
            dataset: { key: `retry-${delivery.id}` },
            'aria-label': `Retry delivery to ${delivery.endpointId}`,
            onclick: async (e) => {
              e.currentTarget.disabled = true;
              try {
                const row = await api(`/v1/deliveries/${delivery.id}/retry`, { method: 'POST' });
                setDelivery(data.event.id, row);
                status.textContent = `Delivery ${delivery.id} to ${delivery.endpointId} queued again.`;
                await load();
              } catch (err) {
                status.textContent = `Retry failed: ${err.message}`;
                e.currentTarget.disabled = false;
              }
            },
          },
          'Retry',
        )
      : null;
    return h(
      'section',
      {
        class: 'card delivery',
        dataset: { endpoint: delivery.endpointId, status: delivery.status },
        'aria-labelledby': `delivery-${delivery.id}`,
      },
      h(
        'div',
        { class: 'card-head' },
        h('h3', { id: `delivery-${delivery.id}` }, endpointLabel(delivery.endpointId)),
        statusBadge(delivery.status),
        retry,
      ),
      h(
        'p',
        { class: 'muted' },
        `Delivery ${delivery.id} · lane ${delivery.lane} · ${delivery.attempts.length} attempt(s)`,
        delivery.nextAttemptAt ? [' · next attempt ', time(delivery.nextAttemptAt)] : '',
      ),
      attemptsTable(delivery),
    );
  }

  function draw() {
    const { event, deliveries } = data;
    const focused = document.activeElement?.dataset?.key;
    const hadFocus = main.contains(document.activeElement) || document.activeElement === document.body;
    replace(
      main,
      h('p', {}, h('a', { href: '#/live' }, '← Live events')),
      h('h1', { tabindex: '-1' }, event.name),
      h(
        'dl',
        { class: 'meta' },
        h('dt', {}, 'Id'),
        h('dd', { class: 'mono' }, event.id),
        h('dt', {}, 'Room'),
        h(
          'dd',
          {},
          event.room ? h('a', { href: `#/rooms/${encodeURIComponent(event.room)}` }, event.room) : '—',
        ),
        h('dt', {}, 'Created'),
        h('dd', {}, time(event.createdAt)),
        h('dt', {}, 'Stored'),
        h('dd', {}, time(event.publishedAt)),
      ),
      status,
      h('h2', {}, `Deliveries (${deliveries.length})`),
      deliveries.length === 0
        ? h('p', { class: 'muted' }, 'No endpoint subscribes to this event.')
        : deliveries
            .slice()
            .sort((a, b) => a.id - b.id)
            .map(deliveryCard),
      h('h2', {}, 'Payload'),
      h(
        'pre',
        { class: 'payload', tabindex: '0', 'aria-label': 'Event payload (JSON)' },
        h('code', {}, JSON.stringify(event.body, null, 2)),
      ),
    );
    const again = focused && main.querySelector(`[data-key="${CSS.escape(focused)}"]`);
    if (again) again.focus();
    else if (hadFocus) main.querySelector('h1')?.focus();
  }

  async function load() {
    try {
      data = await api(`/v1/events/${encodeURIComponent(id)}`);
      for (const d of data.deliveries) setDelivery(data.event.id, d, { silent: true });
      draw();
    } catch (err) {
      replace(
        main,
        h('p', {}, h('a', { href: '#/live' }, '← Live events')),
        h('h1', { tabindex: '-1' }, 'Event'),
        h(
          'p',
          { class: 'error', role: 'alert' },
          err.code === 'event_not_found' ? `No event ${id}.` : err.message,
        ),
      );
    }
  }

  replace(main, h('h1', { tabindex: '-1' }, 'Event'), h('p', { class: 'muted' }, 'Loading…'));
  void load();
  const reload = throttle(() => void load(), 300);
  return subscribe((kind, payload) => {
    if (kind === 'outcome' && payload.eventId === id) reload();
  });
}
