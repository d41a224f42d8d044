// Sign-in: an API key and secret, traded at once for a one-hour token. The secret field is cleared straight
// after, and nothing but the token is kept (sessionStorage, gone when the tab closes).
import { signIn } from './api.js';
import { h, replace } from './dom.js';

export function renderSignIn(main, { reason, onSignedIn }) {
  const key = h('input', {
    id: 'api-key',
    name: 'apiKey',
    autocomplete: 'username',
    autocapitalize: 'none',
    spellcheck: 'false',
    required: true,
  });
  const secret = h('input', {
    id: 'api-secret',
    name: 'apiSecret',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
  });
  const error = h('p', { class: 'error', role: 'alert', id: 'sign-in-error' }, reason ?? '');
  const button = h('button', { type: 'submit' }, 'Sign in');
  const form = h(
    'form',
    { class: 'card sign-in', 'aria-describedby': 'sign-in-help' },
    h('h1', { tabindex: '-1' }, 'Sign in'),
    h(
      'p',
      { id: 'sign-in-help', class: 'muted' },
      'Use an API key and secret from the server configuration. The secret is exchanged for a one-hour token and not stored.',
    ),
    h('label', { for: 'api-key' }, 'API key'),
    key,
    h('label', { for: 'api-secret' }, 'API secret'),
    secret,
    error,
    button,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    button.disabled = true;
    error.textContent = '';
    try {
      await signIn(key.value.trim(), secret.value);
      secret.value = '';
      onSignedIn();
    } catch (err) {
      secret.value = '';
      error.textContent =
        err.code === 'invalid_credentials'
          ? 'That key and secret do not match a configured pair.'
          : `Sign-in failed: ${err.message}`;
      button.disabled = false;
      secret.focus();
    }
  });
  replace(main, form);
  (key.value ? secret : key).focus();
  return () => {};
}
