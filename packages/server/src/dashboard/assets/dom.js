// Small DOM helpers. Text always goes in through textContent, never as HTML, so nothing a webhook payload
// carries can become markup or script.

/**
 * Creates an element: `h('a', { href: '#/x', class: 'link' }, 'text', child)`. Attributes starting with `on`
 * are listeners; `false`/`null`/`undefined` attributes and children are skipped.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (name === 'class') el.className = value;
    else if (name === 'dataset') Object.assign(el.dataset, value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === false || child === null || child === undefined) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's children. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

const pad = (n, width = 2) => String(n).padStart(width, '0');

/** `14:03:07` today, `11-24 14:03:07` otherwise (local time). */
export function formatTime(ms) {
  if (ms === null || ms === undefined) return '—';
  const d = new Date(ms);
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  const today = new Date();
  if (d.toDateString() === today.toDateString()) return time;
  const day = `${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return d.getFullYear() === today.getFullYear() ? `${day} ${time}` : `${d.getFullYear()}-${day} ${time}`;
}

/** A `<time>` element with the full ISO time as its machine value and tooltip. */
export function time(ms) {
  if (ms === null || ms === undefined) return h('span', {}, '—');
  const iso = new Date(ms).toISOString();
  return h('time', { datetime: iso, title: iso }, formatTime(ms));
}

export function formatMs(ms) {
  if (ms === null || ms === undefined) return '—';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

export function formatPercent(ratio) {
  if (ratio === null || ratio === undefined) return '—';
  return `${(ratio * 100).toFixed(ratio === 1 || ratio === 0 ? 0 : 1)} %`;
}

const STATUS_LABELS = {
  queued: 'queued',
  pending: 'pending',
  in_flight: 'sending',
  delivered: 'delivered',
  failed: 'failed',
  abandoned: 'abandoned',
  not_applicable: 'n/a',
  retrying: 'retrying',
};
const STATUS_ICONS = {
  delivered: '✓',
  failed: '✕',
  abandoned: '✕',
  pending: '↻',
  retrying: '↻',
  queued: '…',
  in_flight: '→',
  not_applicable: '–',
};

/** A status badge: the word, an icon and a colour (never colour alone). */
export function statusBadge(status, extra) {
  return h(
    'span',
    { class: `badge st-${status}` },
    h('span', { 'aria-hidden': 'true' }, STATUS_ICONS[status] ?? '•'),
    ' ',
    STATUS_LABELS[status] ?? status,
    extra ? ` ${extra}` : '',
  );
}

export const isFinalFailure = (status) => status === 'failed' || status === 'abandoned';

/** Calls `fn` at most once per `ms`, trailing (the last call always runs). */
export function throttle(fn, ms) {
  let timer;
  let pending = false;
  return () => {
    pending = true;
    if (timer !== undefined) return;
    timer = setTimeout(() => {
      timer = undefined;
      if (pending) {
        pending = false;
        fn();
      }
    }, ms);
  };
}
