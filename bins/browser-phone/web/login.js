// The sign-in page: posts the form as JSON and goes back to the page asked for.
// A file of its own (not inline) so the page's CSP can forbid inline scripts.
'use strict';
document.getElementById('login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const error = document.getElementById('login-error');
  error.hidden = true;
  let response;
  try {
    response = await fetch('/api/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify({
        username: document.getElementById('username').value,
        password: document.getElementById('password').value,
        next: new URLSearchParams(window.location.search).get('next'),
      }),
    });
  } catch (_) {
    error.textContent = 'The server cannot be reached; try again in a moment.';
    error.hidden = false;
    return;
  }
  if (response.ok) {
    // The server checked `next` (a path on this site, else "/").
    let next = '/';
    try { next = (await response.json()).next || next; } catch (_) { /* not JSON */ }
    window.location.assign(next);
    return;
  }
  let message = 'Sign-in failed (HTTP ' + response.status + ')';
  try { message = (await response.json()).message || message; } catch (_) { /* not JSON */ }
  error.textContent = message;
  error.hidden = false;
});
