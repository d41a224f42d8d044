// Endpoint health at a glance: state, circuit, success rate and p95 latency over recent attempts, backlog,
// last error; pause and resume; replay since a time, with progress.
import { api } from './api.js';
import { formatMs, formatPercent, h, replace, throttle, time } from './dom.js';
import { subscribe } from './state.js';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function stateBadge(endpoint) {
  const kind = endpoint.state === 'active' ? 'delivered' : endpoint.state === 'paused' ? 'pending' : 'failed';
  return h('span', { class: `badge st-${kind}` }, endpoint.state);
}

function circuitBadge(endpoint) {
  return endpoint.circuit === 'open'
    ? h('span', { class: 'badge st-failed' }, 'circuit open')
    : h('span', { class: 'badge st-not_applicable' }, 'circuit closed');
}

export function renderEndpoints(main) {
  const cards = new Map();
  const grid = h('div', { class: 'grid', id: 'endpoint-list' });
  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  let disposed = false;

  function card(endpoint) {
    const titleId = `endpoint-${endpoint.id}`;
    const badges = h('span', { class: 'badges' });
    const stats = h('dl', { class: 'stats' });
    const sample = h('p', { class: 'muted small sample' });
    const lastError = h('div', { class: 'last-error' });
    const toggle = h('button', { type: 'button', class: 'secondary' });
    const since = h('input', { id: `replay-since-${endpoint.id}`, value: '1h', size: '10', required: true });
    const progress = h('progress', {
      max: '1',
      value: '0',
      hidden: true,
      'aria-labelledby': `replay-state-${endpoint.id}`,
    });
    const progressText = h('span', {
      id: `replay-state-${endpoint.id}`,
      class: 'muted',
      'aria-live': 'polite',
    });
    const replayButton = h('button', { type: 'submit', class: 'secondary' }, 'Replay');
    const form = h(
      'form',
      { class: 'replay' },
      h('label', { for: since.id }, 'Replay events since'),
      h('div', { class: 'inline' }, since, replayButton),
      h('p', { class: 'muted small' }, 'A duration back from now (15m, 1h, 7d) or an ISO time.'),
      h('div', { class: 'inline' }, progress, progressText),
    );
    const el = h(
      'section',
      { class: 'card endpoint', dataset: { id: endpoint.id }, 'aria-labelledby': titleId },
      h('div', { class: 'card-head' }, h('h2', { id: titleId }, endpoint.description ?? endpoint.id), badges),
      h('p', { class: 'mono url' }, endpoint.url),
      h('p', { class: 'muted small' }, `${endpoint.id} · ${endpoint.format} format`),
      sample,
      stats,
      lastError,
      h('div', { class: 'actions' }, toggle),
      form,
    );
    const entry = { el, endpoint, badges, stats, sample, lastError, toggle };

    toggle.addEventListener('click', async () => {
      const action =
        entry.endpoint.state === 'paused' || entry.endpoint.state === 'disabled' ? 'resume' : 'pause';
      toggle.disabled = true;
      try {
        await api(`/v1/endpoints/${encodeURIComponent(endpoint.id)}/${action}`, { method: 'POST' });
        status.textContent = `${endpoint.id} ${action === 'pause' ? 'paused' : 'resumed'}.`;
        await load();
      } catch (err) {
        status.textContent = `Could not ${action} ${endpoint.id}: ${err.message}`;
      }
      toggle.disabled = false;
    });

    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      replayButton.disabled = true;
      try {
        const { queued } = await api(`/v1/endpoints/${encodeURIComponent(endpoint.id)}/replay`, {
          method: 'POST',
          body: { since: since.value.trim() },
        });
        progress.hidden = queued === 0;
        progress.max = Math.max(queued, 1);
        progress.value = 0;
        progressText.textContent = queued === 0 ? 'Nothing to replay.' : `Queued ${queued} events…`;
        // Progress: the endpoint's backlog shrinking back towards zero.
        const deadline = Date.now() + 5 * 60_000;
        while (queued > 0 && !disposed && Date.now() < deadline) {
          await sleep(1000);
          const health = await load();
          const backlog = health?.find((x) => x.id === endpoint.id)?.backlog ?? 0;
          const done = Math.max(0, Math.min(queued, queued - backlog));
          progress.value = done;
          progressText.textContent = `${done} of ${queued} replayed events sent.`;
          if (backlog === 0) {
            progressText.textContent = `Replay done: ${queued} events sent.`;
            break;
          }
        }
      } catch (err) {
        progressText.textContent = `Replay failed: ${err.message}`;
      }
      replayButton.disabled = false;
    });
    return entry;
  }

  function update(entry, endpoint) {
    entry.endpoint = endpoint;
    const r = endpoint.recent;
    replace(entry.badges, stateBadge(endpoint), ' ', circuitBadge(endpoint));
    replace(
      entry.stats,
      h('div', {}, h('dt', {}, 'Success'), h('dd', {}, formatPercent(r.successRate))),
      h('div', {}, h('dt', {}, 'p95 latency'), h('dd', {}, formatMs(r.p95Ms))),
      h('div', {}, h('dt', {}, 'Backlog'), h('dd', {}, String(endpoint.backlog))),
      h('div', {}, h('dt', {}, 'Last success'), h('dd', {}, time(r.lastSuccessAt))),
    );
    entry.sample.textContent =
      r.attempts === 0
        ? 'No attempts yet.'
        : `Over the last ${r.attempts} attempt${r.attempts === 1 ? '' : 's'}:`;
    const e = r.lastError;
    replace(
      entry.lastError,
      e
        ? [
            h(
              'p',
              { class: 'error-text' },
              'Last error ',
              time(e.at),
              ': ',
              [e.statusCode ? `HTTP ${e.statusCode}` : '', e.error ?? ''].filter(Boolean).join(' · '),
            ),
            e.response ? h('code', { class: 'response' }, e.response.slice(0, 160)) : null,
          ]
        : h('p', { class: 'muted' }, r.attempts === 0 ? '' : 'No recent errors.'),
    );
    entry.el.dataset.state = endpoint.state;
    entry.toggle.textContent = endpoint.state === 'active' ? 'Pause' : 'Resume';
  }

  async function load() {
    try {
      const { endpoints } = await api('/v1/dashboard/endpoints');
      if (disposed) return endpoints;
      for (const endpoint of endpoints) {
        let entry = cards.get(endpoint.id);
        if (!entry) {
          entry = card(endpoint);
          cards.set(endpoint.id, entry);
          grid.append(entry.el);
        }
        update(entry, endpoint);
      }
      for (const [id, entry] of cards) {
        if (!endpoints.some((e) => e.id === id)) {
          entry.el.remove();
          cards.delete(id);
        }
      }
      if (endpoints.length === 0) replace(grid, h('p', { class: 'muted' }, 'No endpoints configured.'));
      return endpoints;
    } catch (err) {
      status.textContent = `Could not load endpoints: ${err.message}`;
      return undefined;
    }
  }

  replace(main, h('h1', { tabindex: '-1' }, 'Endpoints'), status, grid);
  void load();
  const soon = throttle(() => void load(), 500);
  const later = throttle(() => void load(), 2000);
  const unsubscribe = subscribe((kind) => {
    if (kind === 'endpoint' || kind === 'circuit') soon();
    else if (kind === 'outcome') later();
  });
  return () => {
    disposed = true;
    unsubscribe();
  };
}
