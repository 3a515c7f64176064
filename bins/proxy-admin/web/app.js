// Proxy admin pages: one delegated handler per kind of control, driven by data-*
// attributes the server rendered (no inline handlers, no HTML built from data).
'use strict';

function showError(form, message) {
  const target = (form && form.querySelector('.error')) || document.getElementById('errorDiv');
  if (!target) return;
  target.textContent = message; // text, never HTML
  target.hidden = !message;
}

function showDone(form, message) {
  const target = form.querySelector('.done');
  if (target) {
    target.textContent = message;
    target.hidden = !message;
  }
}

async function post(url, form) {
  const body = form ? new URLSearchParams(new FormData(form)) : new URLSearchParams();
  const res = await fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body,
  });
  const text = await res.text();
  if (res.status === 401) {
    window.location.assign('/login');
  }
  if (!res.ok) {
    throw new Error(text || `HTTP ${res.status}`);
  }
  return text;
}

document.addEventListener('submit', async (event) => {
  const form = event.target;
  const url = form.dataset.action;
  if (!url) return;
  event.preventDefault();
  if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) return;
  showError(form, '');
  const button = form.querySelector('button[type=submit]');
  if (button) button.disabled = true;
  try {
    const result = await post(url, form);
    if ('keep' in form.dataset) {
      showDone(form, `Message sent successfully. SID=${result}`);
      form.reset();
    } else if (form.dataset.reload) {
      window.location.assign(form.dataset.reload);
    } else {
      window.location.reload();
    }
  } catch (err) {
    showError(form, err.message);
  } finally {
    if (button) button.disabled = false;
  }
});

document.addEventListener('click', (event) => {
  const opener = event.target.closest('[data-open]');
  if (opener) {
    const dialog = document.getElementById(opener.dataset.open);
    if (dialog) dialog.showModal();
    return;
  }
  const closer = event.target.closest('[data-close]');
  if (closer) {
    const dialog = closer.closest('dialog');
    if (dialog) {
      if (dialog.id === 'callModal') hangup();
      dialog.close();
    }
    return;
  }
  const dialButton = event.target.closest('[data-dial]');
  if (dialButton) {
    startCall(dialButton.dataset).catch((err) => callStatus(err.message));
    return;
  }
  if (event.target.closest('[data-hangup]')) hangup();
  if (event.target.closest('[data-answer]')) answer();
});

// Click-to-call: the admin's own token; the server decides what is dialled from
// the participant SIDs sent as connect() params.
let device = null;
let incoming = null;

function callStatus(message) {
  const modal = document.getElementById('callModal');
  if (!modal) return;
  modal.querySelector('.status').textContent = message;
  if (!modal.open) modal.showModal();
}

async function getDevice() {
  if (device) return device;
  if (!window.Twilio || !window.Twilio.Device) throw new Error('Click-to-call is not available.');
  const res = await fetch('/proxyClientAccessToken', { method: 'POST', credentials: 'same-origin' });
  if (!res.ok) throw new Error(await res.text());
  const config = await res.json();
  if (!config.DialConfig || !config.JwtToken) throw new Error('Click-to-call is not configured.');
  device = new window.Twilio.Device(config.JwtToken, { codecPreferences: ['opus', 'pcmu'] });
  device.on('incoming', (call) => {
    incoming = call;
    const modal = document.getElementById('callModal');
    modal.querySelector('[data-answer]').hidden = false;
    callStatus('Incoming call');
  });
  device.on('error', (err) => callStatus(`Error: ${err.message}`));
  await device.register();
  return device;
}

async function startCall(data) {
  callStatus('Connecting…');
  const d = await getDevice();
  const call = await d.connect({
    params: { serviceSid: data.service, sessionSid: data.session, participantSid: data.participant },
  });
  call.on('accept', () => callStatus('Call in progress'));
  call.on('disconnect', () => callStatus('Call ended'));
}

function hangup() {
  if (device) device.disconnectAll();
}

function answer() {
  if (incoming) {
    incoming.accept();
    document.querySelector('#callModal [data-answer]').hidden = true;
    callStatus('Call in progress');
  }
}
