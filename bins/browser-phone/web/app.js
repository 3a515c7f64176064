// Browser phone page: three tabs (text message, voice message, call) over the
// app's JSON API, and the Twilio Voice JS SDK 2.x for calls in the browser.
'use strict';

const E164 = /^\+[1-9][0-9]{0,14}$/;
// Renew the Access Token this long before it expires (the SDK asks via tokenWillExpire).
const TOKEN_REFRESH_MS = 5 * 60 * 1000;

const $ = (id) => document.getElementById(id);

/** Calls the app's API; resolves to the JSON body or throws an Error with its message. */
async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: body ? { 'Content-Type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  if (response.status === 401) {
    window.location.assign('/login');
    throw new Error('Please sign in again.');
  }
  let data = null;
  try { data = await response.json(); } catch (_) { /* empty or not JSON */ }
  if (!response.ok) {
    // The server's message says it all (a 429 already says when to try again).
    const message = (data && (data.message || data.error)) || 'HTTP ' + response.status;
    const error = new Error(message);
    error.status = response.status;
    throw error;
  }
  return data;
}

function show(element, text, isError) {
  element.textContent = text;
  element.classList.toggle('error', Boolean(isError));
  element.hidden = false;
}

function snackbar(text) {
  const bar = $('snackbar');
  bar.textContent = text;
  bar.hidden = false;
  clearTimeout(snackbar.timer);
  snackbar.timer = setTimeout(() => { bar.hidden = true; }, 5000);
}

// ---- tabs (WAI-ARIA tabs pattern: one tab in the tab order, arrows move) --------
const TABS = ['sms', 'voice', 'call'];
function selectTab(name, focus) {
  for (const tab of TABS) {
    const button = $('tab-' + tab);
    button.setAttribute('aria-selected', String(tab === name));
    button.tabIndex = tab === name ? 0 : -1;
    $('panel-' + tab).hidden = tab !== name;
  }
  if (focus) $('tab-' + name).focus();
}
for (const tab of TABS) {
  $('tab-' + tab).addEventListener('click', () => selectTab(tab));
  $('tab-' + tab).addEventListener('keydown', (event) => {
    const at = TABS.indexOf(tab);
    const next = {
      ArrowRight: TABS[(at + 1) % TABS.length],
      ArrowLeft: TABS[(at + TABS.length - 1) % TABS.length],
      Home: TABS[0],
      End: TABS[TABS.length - 1],
    }[event.key];
    if (!next) return;
    event.preventDefault();
    selectTab(next, true);
  });
}

// ---- text and voice messages ------------------------------------------------
function checkNumber(value) {
  const to = value.trim();
  if (!E164.test(to)) throw new Error('Enter the number in E.164 form, like +15551234567.');
  return to;
}

// The user's recent messages and voice-message calls, newest first (GET lists).
const HISTORY = {
  sms: { path: '/api/messages', key: 'messages' },
  voice: { path: '/api/calls', key: 'calls' },
};

function describeItem(item) {
  const parts = [item.to || 'unknown', item.status || 'accepted'];
  if (item.body) parts.push(item.body);
  if (item.dateCreated) parts.push(item.dateCreated);
  return parts.join(' · ');
}

async function loadHistory(kind) {
  const list = $(kind + '-history');
  try {
    const data = await api('GET', HISTORY[kind].path);
    const items = (data && data[HISTORY[kind].key]) || [];
    list.replaceChildren(...items.map((item) => {
      const li = document.createElement('li');
      li.dataset.sid = item.sid;
      li.textContent = describeItem(item);
      return li;
    }));
    $(kind + '-history-empty').hidden = items.length > 0;
  } catch (error) {
    show($(kind + '-history-empty'), 'Could not load the list: ' + error.message, true);
  }
}

function wireSendForm(kind, path, describe) {
  const form = $(kind + '-form');
  const result = $(kind + '-result');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = $(kind + '-send');
    button.disabled = true;
    show(result, 'Sending…', false);
    try {
      const to = checkNumber($(kind + '-to').value);
      const message = $(kind + '-message').value;
      const sent = await api('POST', path, { to, message });
      show(result, describe(sent), false);
      loadHistory(kind);
    } catch (error) {
      show(result, error.message, true);
    } finally {
      button.disabled = false;
    }
  });
}
wireSendForm('sms', '/api/messages',
  (m) => 'Message ' + m.sid + ' to ' + m.to + ': ' + (m.status || 'accepted'));
wireSendForm('voice', '/api/calls',
  (c) => 'Call ' + c.sid + ' to ' + c.to + ': ' + (c.status || 'queued'));

// ---- calls ------------------------------------------------------------------
const phone = { device: null, pending: null, active: null };

function callStatus(text, isError) { show($('call-status'), text, isError); }

function setConnected(call) {
  phone.active = call;
  for (const key of document.querySelectorAll('#dialpad button')) key.disabled = !call;
}

function trackCall(call, label) {
  call.on('accept', () => { setConnected(call); callStatus('Connected: ' + label); });
  call.on('disconnect', () => { setConnected(null); callStatus('Call ended'); });
  call.on('cancel', () => { phone.pending = null; callStatus('Missed call from ' + label); });
  call.on('reject', () => { callStatus('Call declined'); });
  call.on('error', (error) => { callStatus('Call error: ' + error.message, true); });
}

async function fetchToken() {
  return (await api('POST', '/api/token/generate')).token;
}

// With Twilio out of reach the SDK would retry on its own and report raw codes
// (ConnectionError 31005) before any call. Instead an error outside a call takes the
// phone offline: the Device is dropped and a new one (with a fresh token) is tried
// after a backoff of 2 s doubling to 60 s, and the page says so in plain words.
const RETRY_MIN_MS = 2000;
const RETRY_MAX_MS = 60000;
let retryDelay = RETRY_MIN_MS;
let retryTimer = null;

function phoneOffline(reason) {
  if (phone.device) {
    try { phone.device.destroy(); } catch (_) { /* already gone */ }
    phone.device = null;
  }
  clearTimeout(retryTimer);
  const wait = retryDelay;
  retryDelay = Math.min(retryDelay * 2, RETRY_MAX_MS);
  const statusLine = $('call-status');
  statusLine.textContent = 'Phone offline (' + reason + '), retrying in ' + Math.round(wait / 1000) + ' s.';
  statusLine.classList.remove('error');
  statusLine.classList.add('status-offline');
  statusLine.hidden = false;
  retryTimer = setTimeout(startPhone, wait);
}

function phoneReady() {
  retryDelay = RETRY_MIN_MS;
  $('call-status').classList.remove('status-offline');
  callStatus('Ready');
}

async function startPhone() {
  if (!window.Twilio || !window.Twilio.Device) {
    callStatus('The Voice SDK did not load; calls are unavailable.', true);
    return;
  }
  $('call-status').classList.remove('status-offline');
  callStatus('Connecting to Twilio…');
  let token;
  try {
    token = await fetchToken();
  } catch (error) {
    if (error.status === 401) return; // api() is already on its way to the login page
    phoneOffline('no phone token: ' + error.message);
    return;
  }
  const device = new window.Twilio.Device(token, {
    tokenRefreshMs: TOKEN_REFRESH_MS,
    closeProtection: true,
    logLevel: 'silent',
  });
  phone.device = device;
  device.on('tokenWillExpire', async () => {
    try { device.updateToken(await fetchToken()); } catch (error) {
      callStatus('Could not renew the phone token: ' + error.message, true);
    }
  });
  device.on('registered', phoneReady);
  device.on('error', (error) => {
    if (phone.device !== device) return;
    if (phone.active || phone.pending) {
      callStatus('The call failed: ' + ((error && error.message) || 'unknown error'), true);
      return;
    }
    phoneOffline('Twilio cannot be reached');
  });
  device.on('incoming', (call) => {
    const from = (call.parameters && call.parameters.From) || 'unknown';
    phone.pending = call;
    trackCall(call, from);
    snackbar('Incoming call from: ' + from);
    callStatus('Incoming call from: ' + from);
    selectTab('call');
  });
  try {
    await device.register();
  } catch (_) {
    if (phone.device === device) phoneOffline('Twilio cannot be reached');
  }
}

$('accept').addEventListener('click', async () => {
  if (phone.pending) {
    const call = phone.pending;
    phone.pending = null;
    call.accept();
    return;
  }
  if (!phone.device) { callStatus('The phone is offline; calls can start once it is back.', true); return; }
  try {
    const to = checkNumber($('call-to').value);
    callStatus('Calling ' + to + '…');
    const call = await phone.device.connect({ params: { phoneNumber: to } });
    trackCall(call, to);
  } catch (error) {
    callStatus(error.message, true);
  }
});

$('decline').addEventListener('click', () => {
  if (phone.pending) {
    phone.pending.reject();
    phone.pending = null;
  }
  if (phone.device) phone.device.disconnectAll();
});

$('dialpad').addEventListener('click', (event) => {
  const digit = event.target && event.target.dataset ? event.target.dataset.digit : undefined;
  if (digit && phone.active) phone.active.sendDigits(digit);
});

$('logout').addEventListener('click', async () => {
  if (phone.device) phone.device.destroy();
  await fetch('/api/logout', { method: 'POST', credentials: 'same-origin' });
  window.location.assign('/login');
});

// ---- start ------------------------------------------------------------------
(async () => {
  let local = false;
  try {
    const config = await api('GET', '/api/config');
    local = config.mode === 'local';
    $('identity').textContent = config.identity;
    for (const input of document.querySelectorAll('input.from')) input.value = config.phoneNumber;
    $('sms-message').maxLength = config.maxSmsChars;
    $('voice-message').maxLength = config.maxVoiceChars;
  } catch (error) {
    show($('sms-result'), 'Could not load the configuration: ' + error.message, true);
  }
  loadHistory('sms');
  loadHistory('voice');
  if (local) {
    // Local mode: no Twilio to reach, so no Voice SDK and no websocket.
    $('accept').disabled = true;
    $('decline').disabled = true;
    callStatus('Calls from the browser need a Twilio account; they are off in local mode.');
    return;
  }
  startPhone();
})();
