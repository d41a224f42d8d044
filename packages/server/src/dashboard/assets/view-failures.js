// Failed and abandoned deliveries, newest first: retry one, or all of them. Rows stay after a retry and follow
// the delivery live until it is delivered (or fails again).
import { api } from './api.js';
import { h, isFinalFailure, replace, statusBadge, throttle, time } from './dom.js';
import { endpointLabel, setDelivery, subscribe } from './state.js';

export function renderFailures(main, { onChanged }) {
  const rows = new Map();
  const list = h('ul', {
    class: 'failures',
    id: 'failure-list',
    'aria-label': 'Failed and abandoned deliveries',
  });
  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const summary = h('p', { class: 'muted' });
  const retryAll = h('button', { type: 'button', id: 'retry-all' }, 'Retry all');
  let busy = false;

  function failing() {
    return [...rows.values()].filter((r) => isFinalFailure(r.delivery.status));
  }

  function updateSummary() {
    const n = failing().length;
    summary.textContent =
      rows.size === 0 ? 'No failed or abandoned deliveries.' : `${n} failed or abandoned deliveries.`;
    retryAll.textContent = n === 0 ? 'Retry all' : `Retry all (${n})`;
    retryAll.disabled = busy || n === 0;
  }

  function fill(entry) {
    const d = entry.delivery;
    const retry = isFinalFailure(d.status)
      ? h(
          'button',
          {
            type: 'button',
            class: 'retry',
            'aria-label': `Retry ${d.eventName} ${d.eventId} to ${d.endpointId}`,
            onclick: () => void retryOne(entry),
          },
          'Retry',
        )
      : null;
    const answer = [d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : '', d.lastError ?? '']
      .filter(Boolean)
      .join(' · ');
    replace(
      entry.li,
      h(
        'div',
        { class: 'card-head' },
        h('a', { href: `#/events/${encodeURIComponent(d.eventId)}` }, d.eventName),
        statusBadge(d.status),
        retry,
      ),
      h(
        'p',
        { class: 'muted' },
        'to ',
        h('span', { class: 'mono' }, endpointLabel(d.endpointId)),
        ` · ${d.attempts} attempt(s) · `,
        time(d.updatedAt),
      ),
      answer ? h('p', { class: isFinalFailure(d.status) ? 'error-text' : 'muted' }, answer) : null,
      h('p', { class: 'mono muted small' }, d.eventId),
    );
    entry.li.dataset.status = d.status;
  }

  async function retryOne(entry) {
    try {
      const row = await api(`/v1/deliveries/${entry.delivery.id}/retry`, { method: 'POST' });
      // The stream may already have reported this delivery's next outcome: keep whichever is newer.
      if (row.updatedAt >= entry.delivery.updatedAt) entry.delivery = { ...entry.delivery, ...row };
      setDelivery(row.eventId, row);
      const hadFocus = entry.li.contains(document.activeElement);
      fill(entry);
      if (hadFocus) entry.li.querySelector('a')?.focus();
      status.textContent = `Delivery ${row.id} queued again.`;
    } catch (err) {
      status.textContent = `Retry of delivery ${entry.delivery.id} failed: ${err.message}`;
    }
    updateSummary();
    onChanged();
  }

  retryAll.addEventListener('click', async () => {
    const todo = failing();
    busy = true;
    updateSummary();
    let done = 0;
    for (const entry of todo) {
      await retryOne(entry);
      done++;
      status.textContent = `Retried ${done} of ${todo.length}.`;
    }
    busy = false;
    updateSummary();
  });

  function add(delivery, atTop) {
    const existing = rows.get(delivery.id);
    if (existing) {
      existing.delivery = { ...existing.delivery, ...delivery };
      fill(existing);
      return;
    }
    const entry = { delivery, li: h('li', { class: 'card failure', dataset: { id: delivery.id } }) };
    rows.set(delivery.id, entry);
    fill(entry);
    if (atTop) list.prepend(entry.li);
    else list.append(entry.li);
  }

  async function load() {
    try {
      const { deliveries } = await api('/v1/deliveries?status=failed,abandoned&limit=200');
      const fresh = deliveries.filter((d) => !rows.has(d.id));
      for (const d of deliveries) if (rows.has(d.id)) add(d);
      const initial = rows.size === 0;
      for (const d of initial ? fresh : fresh.reverse()) add(d, !initial);
      updateSummary();
    } catch (err) {
      status.textContent = `Could not load failures: ${err.message}`;
    }
  }

  replace(
    main,
    h('h1', { tabindex: '-1' }, 'Failures'),
    h('div', { class: 'toolbar' }, summary, retryAll),
    status,
    list,
  );
  updateSummary();
  void load();
  const reload = throttle(() => void load(), 1000);

  return subscribe((kind, payload) => {
    if (kind !== 'outcome') return;
    const entry = rows.get(payload.deliveryId);
    if (entry) {
      entry.delivery = {
        ...entry.delivery,
        status: payload.status,
        attempts: payload.attempt,
        lastStatusCode: payload.statusCode,
        lastError: payload.error,
        updatedAt: payload.at,
      };
      fill(entry);
      updateSummary();
    }
    if (isFinalFailure(payload.status)) reload();
  });
}
