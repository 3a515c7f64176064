// Presence phone page: login, live presence, and a Twilio Voice SDK 2.x phone.
// No build step; the SDK bundles are served from the app's node_modules.
'use strict';

const $ = (id) => document.getElementById(id);
const state = { mode: 'local', me: null, users: new Map(), device: null, call: null, sync: null, events: null };

async function api(path, options = {}) {
  const res = await fetch(path, {
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json' },
    ...options,
  });
  let body = null;
  try { body = await res.json(); } catch (_) { body = null; }
  if (!res.ok) {
    const err = new Error((body && body.message) || res.statusText);
    err.status = res.status;
    throw err;
  }
  return body;
}

function randomEndpoint() {
  const bytes = new Uint8Array(8);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
const endpoint = randomEndpoint();

async function fetchToken() {
  return api('/api/phone/token', { method: 'POST', body: JSON.stringify({ endpoint }) });
}

// ---- presence list -------------------------------------------------------

function upsertUser(user) {
  const old = state.users.get(user.identity);
  if (old && old.updatedAt > user.updatedAt) return; // keep the newer view
  state.users.set(user.identity, user);
}

function renderPresence() {
  const list = $('presence-list');
  list.textContent = '';
  const names = Array.from(state.users.keys()).sort();
  for (const name of names) {
    const u = state.users.get(name);
    const li = document.createElement('li');
    li.dataset.identity = name;
    li.dataset.state = u.state;
    const badge = document.createElement('span');
    badge.className = `badge ${u.state}`;
    badge.textContent = u.state;
    li.append(badge, ` ${name} - endpoints: ${u.endpoints}`);
    list.append(li);
  }
}

// The feed reconnects by itself after a restart or a network drop: the browser's own
// EventSource retry cannot see a 401, so we close it, wait (1 s doubling to 30 s,
// with jitter), ask whether the session still holds, and then reopen or go to login.
const BACKOFF_MIN_MS = 1000;
const BACKOFF_MAX_MS = 30000;
let feedDelay = BACKOFF_MIN_MS;
let feedTimer = null;

function startEvents() {
  clearTimeout(feedTimer);
  if (state.events) state.events.close();
  const es = new EventSource('/api/presence/events');
  state.events = es;
  $('feed-state').textContent = 'connecting';
  es.onopen = () => { feedDelay = BACKOFF_MIN_MS; $('feed-state').textContent = 'live'; };
  es.onerror = () => {
    es.close();
    if (state.events !== es) return;
    state.events = null;
    scheduleReconnect();
  };
  es.onmessage = (msg) => {
    const data = JSON.parse(msg.data);
    if (data.type === 'snapshot') {
      state.users.clear();
      data.users.forEach(upsertUser);
    } else if (data.type === 'change') {
      upsertUser(data.user);
    }
    renderPresence();
  };
}

function scheduleReconnect() {
  const wait = Math.round(feedDelay * (0.75 + Math.random() * 0.5));
  feedDelay = Math.min(feedDelay * 2, BACKOFF_MAX_MS);
  $('feed-state').textContent = `reconnecting in ${Math.max(1, Math.round(wait / 1000))} s`;
  feedTimer = setTimeout(reconnect, wait);
}

async function reconnect() {
  let cfg;
  try {
    cfg = await api('/api/config');
  } catch (_) {
    scheduleReconnect(); // the server is still away
    return;
  }
  if (!cfg.username) {
    sessionEnded('The server restarted or your session ended: log in again.');
    return;
  }
  startEvents();
}

function sessionEnded(reason) {
  if (state.events) state.events.close();
  state.events = null;
  if (state.device) state.device.destroy();
  if (state.sync) state.sync.shutdown();
  state.device = null;
  state.sync = null;
  state.users.clear();
  renderPresence();
  showLogin(reason);
}

// Twilio mode: the Sync connection is what makes this browser "reachable";
// the Sync Map is read-only for browsers and mirrors the server's store.
async function startSync(tokenInfo) {
  if (state.mode !== 'twilio' || !(window.Twilio && Twilio.Sync && Twilio.Sync.Client)) return;
  const client = new Twilio.Sync.Client(tokenInfo.token);
  state.sync = client;
  client.on('tokenAboutToExpire', async () => client.updateToken((await fetchToken()).token));
  client.on('tokenExpired', async () => client.updateToken((await fetchToken()).token));
  const map = await client.map({ id: tokenInfo.mapName, mode: 'open_existing' });
  const page = await map.getItems({ pageSize: 100 });
  page.items.forEach((item) => upsertUser(item.data));
  renderPresence();
  const onItem = (e) => { upsertUser(e.item.data); renderPresence(); };
  map.on('itemAdded', onItem);
  map.on('itemUpdated', onItem);
  map.on('itemRemoved', (e) => { state.users.delete(e.key); renderPresence(); });
}

// ---- phone ---------------------------------------------------------------

function setPhone(text) {
  $('phone-state').textContent = text;
  $('hangup-button').hidden = !state.call;
  $('dial-form').hidden = !!state.call;
}

function trackCall(call) {
  state.call = call;
  const done = () => { state.call = null; $('incoming').hidden = true; setPhone('ready'); };
  call.on('accept', () => { $('incoming').hidden = true; setPhone('on call'); });
  call.on('disconnect', done);
  call.on('cancel', done);
  call.on('reject', done);
  call.on('error', (e) => { $('phone-error').textContent = e.message; });
}

async function startDevice(tokenInfo) {
  if (state.mode !== 'twilio') {
    setPhone('local mode: no Twilio Voice');
    return;
  }
  if (!(window.Twilio && Twilio.Device)) {
    setPhone('Voice SDK missing');
    return;
  }
  const device = new Twilio.Device(tokenInfo.token, { closeProtection: true });
  state.device = device;
  device.on('registered', () => setPhone('ready'));
  device.on('unregistered', () => setPhone('offline'));
  device.on('error', (e) => { $('phone-error').textContent = e.message; });
  device.on('tokenWillExpire', async () => device.updateToken((await fetchToken()).token));
  device.on('incoming', (call) => {
    trackCall(call);
    $('incoming-from').textContent = call.parameters.From || 'unknown';
    $('incoming').hidden = false;
    setPhone('incoming call');
  });
  await device.register();
}

$('accept-button').addEventListener('click', () => state.call && state.call.accept());
$('reject-button').addEventListener('click', () => state.call && state.call.reject());
$('hangup-button').addEventListener('click', () => state.call && state.call.disconnect());
$('dial-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  $('phone-error').textContent = '';
  const number = $('dial-number').value.replace(/[\s().-]/g, '');
  if (!/^\+[1-9][0-9]{1,14}$/.test(number)) {
    $('phone-error').textContent = 'Enter an E.164 number such as +15551230000';
    return;
  }
  if (!state.device) {
    $('phone-error').textContent = 'Calling needs Twilio mode';
    return;
  }
  const call = await state.device.connect({ params: { phoneNumber: number } });
  trackCall(call);
  setPhone('calling');
});

// ---- login ---------------------------------------------------------------

function showLogin(reason) {
  $('main-panel').hidden = true;
  $('user-bar').hidden = true;
  $('logout-button').hidden = true;
  $('login-reason').textContent = reason || '';
  $('login-reason').hidden = !reason;
  $('login-panel').hidden = false;
}

async function start(username) {
  state.me = username;
  $('me').textContent = username;
  $('login-panel').hidden = true;
  $('user-bar').hidden = false;
  $('logout-button').hidden = false;
  $('main-panel').hidden = false;
  startEvents();
  try {
    const tokenInfo = await fetchToken();
    state.tokenIdentity = tokenInfo.identity;
    document.body.dataset.token = 'ok';
    await Promise.all([startDevice(tokenInfo), startSync(tokenInfo)]);
  } catch (e) {
    if (e.status === 401) { sessionEnded('Your session ended: log in again.'); return; }
    $('phone-error').textContent = `Phone unavailable: ${e.message}`;
  }
}

$('login-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  $('login-error').textContent = '';
  try {
    const res = await api('/api/login', {
      method: 'POST',
      body: JSON.stringify({ username: $('username').value, password: $('password').value }),
    });
    $('password').value = '';
    await start(res.username);
  } catch (e) {
    $('login-error').textContent = e.status === 429 ? 'Too many attempts, try later' : 'Invalid username or password';
  }
});

$('logout-button').addEventListener('click', async () => {
  await api('/api/logout', { method: 'POST' });
  if (state.events) state.events.close();
  if (state.device) state.device.destroy();
  if (state.sync) state.sync.shutdown();
  location.reload();
});

// The Twilio SDKs are loaded only in Twilio mode: local mode starts no Twilio client.
function loadScript(src) {
  return new Promise((resolve) => {
    const script = document.createElement('script');
    script.src = src;
    script.async = false; // run in the order added (Sync after Voice)
    script.onload = () => resolve(true);
    script.onerror = () => resolve(false);
    document.head.append(script);
  });
}

(async function init() {
  let cfg = { mode: 'local', username: null };
  try {
    cfg = await api('/api/config');
    state.mode = cfg.mode;
    if (cfg.mode === 'local') {
      const b = $('banner');
      b.textContent = 'LOCAL MODE: no Twilio account configured. Presence is driven by signed test webhooks (twilio-trigger); calls are not placed.';
      b.hidden = false;
    } else {
      await Promise.all([loadScript('/vendor/twilio.min.js'), loadScript('/vendor/twilio-sync.min.js')]);
    }
  } catch (_) { /* the page still offers login */ }
  if (cfg.username) {
    await start(cfg.username);
  } else {
    showLogin();
  }
})();
