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
  return postBody(url, body);
}

async function postBody(url, body) {
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
      if (dialog.id === 'callModal') { hangup(); stopLocalPolling(); }
      dialog.close();
    }
    return;
  }
  const dialButton = event.target.closest('[data-dial]');
  if (dialButton) {
    askToCall(dialButton.dataset);
    return;
  }
  if (event.target.closest('[data-call-now]')) startCall().catch((err) => callFailed(err));
  if (event.target.closest('[data-hangup]')) hangup();
  if (event.target.closest('[data-answer]')) answer();
});

// Click-to-call: the admin's own token; the server decides what is dialled from
// the participant SIDs sent as connect() params. The phone registers when the page
// opens (so incoming calls ring at once); Dial first asks, then calls.
let device = null;
let incoming = null;
let active = null;
let pending = null;
let retryDelay = 2000;
let retryTimer = null;

const modal = () => document.getElementById('callModal');
function part(selector) { return modal().querySelector(selector); }

function openCallModal(question) {
  part('.question').textContent = question;
  part('.status').textContent = '';
  part('.error').hidden = true;
  for (const b of ['[data-call-now]', '[data-answer]', '[data-hangup]']) part(b).hidden = true;
  if (!modal().open) modal().showModal();
}

function callStatus(message) {
  if (!modal()) return;
  part('.status').textContent = message;
  if (!modal().open) modal().showModal();
}

/** An SDK or server error in words: what failed, not a code. */
function explain(err) {
  const code = err && err.code;
  if (code >= 31000 && code <= 31009) return 'Twilio cannot be reached. Check the network and try again.';
  if (code === 20101 || code === 20104 || code === 31204 || code === 31205) return 'Twilio refused the phone token; reload the page.';
  if (code === 31208 || code === 31401 || code === 31402) return 'The browser may not use the microphone; allow it and try again.';
  return (err && err.message) || 'unknown error';
}

function callFailed(err) {
  active = null;
  const box = part('.error');
  box.textContent = 'The call could not be made: ' + explain(err);
  box.hidden = false;
  part('.status').textContent = '';
  part('[data-hangup]').hidden = true;
  part('[data-call-now]').hidden = !pending;
}

function setPhoneState(text) {
  const line = document.getElementById('phoneState');
  if (!line) return;
  line.textContent = text;
  line.hidden = !text;
}

async function getDevice() {
  if (device) return device;
  if (!window.Twilio || !window.Twilio.Device) throw new Error('Click-to-call is not available.');
  const res = await fetch('/proxyClientAccessToken', { method: 'POST', credentials: 'same-origin' });
  if (res.status === 401) window.location.assign('/login');
  if (!res.ok) throw new Error(await res.text());
  const config = await res.json();
  if (!config.DialConfig || !config.JwtToken) throw new Error('Click-to-call is not configured.');
  const d = new window.Twilio.Device(config.JwtToken, { codecPreferences: ['opus', 'pcmu'], logLevel: 'silent' });
  device = d;
  d.on('registered', () => { retryDelay = 2000; setPhoneState('Phone ready: calls to you ring here.'); });
  d.on('incoming', (call) => {
    incoming = call;
    openCallModal('Incoming call from ' + ((call.parameters && call.parameters.From) || 'unknown'));
    part('[data-answer]').hidden = false;
    part('[data-hangup]').hidden = false;
    call.on('cancel', () => { incoming = null; callStatus('Missed call'); part('[data-answer]').hidden = true; part('[data-hangup]').hidden = true; });
  });
  d.on('error', (err) => {
    if (active) { callFailed(err); return; }
    phoneOffline(explain(err));
  });
  await d.register();
  return d;
}

// Outside a call an SDK error takes the phone offline and it tries again later
// (2 s doubling to 60 s) instead of leaving the SDK's raw error on screen.
function phoneOffline(reason) {
  if (device) { try { device.destroy(); } catch (_) { /* gone */ } }
  device = null;
  clearTimeout(retryTimer);
  const wait = retryDelay;
  retryDelay = Math.min(retryDelay * 2, 60000);
  setPhoneState('Phone offline (' + reason + ') Retrying in ' + Math.round(wait / 1000) + ' s.');
  retryTimer = setTimeout(startPhone, wait);
}

function startPhone() {
  getDevice().catch((err) => phoneOffline(explain(err)));
}

function askToCall(data) {
  pending = data;
  const via = data.proxy ? ' through the proxy number ' + data.proxy : '';
  openCallModal('Call ' + data.name + ' (' + data.number + ')' + via + '?');
  part('[data-call-now]').hidden = false;
}

async function startCall() {
  const data = pending;
  if (!data) return;
  part('[data-call-now]').hidden = true;
  part('.error').hidden = true;
  callStatus('Connecting…');
  if (localMode()) { await startLocalCall(data); return; }
  const d = await getDevice();
  const call = await d.connect({
    params: { serviceSid: data.service, sessionSid: data.session, participantSid: data.participant },
  });
  active = call;
  part('[data-hangup]').hidden = false;
  call.on('accept', () => callStatus('Call in progress'));
  call.on('disconnect', () => { active = null; part('[data-hangup]').hidden = true; callStatus('Call ended'); });
  call.on('error', (err) => callFailed(err));
}

function hangup() {
  if (localCall && !localCall.over) {
    postBody('/localCall/hangup', new URLSearchParams({ callSid: localCall.sid }))
      .catch((err) => callFailed(err));
  }
  if (incoming) { incoming.reject(); incoming = null; }
  if (device && active) device.disconnectAll();
  active = null;
  if (modal()) part('[data-hangup]').hidden = true;
}

function answer() {
  if (incoming) {
    incoming.accept();
    active = incoming;
    incoming = null;
    part('[data-answer]').hidden = true;
    callStatus('Call in progress');
  }
}

// Local mode (no Twilio account, no SDK): Dial asks the server to place a simulated
// call on the embedded fake; its signed status callbacks move the status shown here.
let localCall = null;
let localTimer = null;

function localMode() { return Boolean(modal() && 'localCalls' in modal().dataset); }

const LOCAL_STATUS = {
  queued: 'Calling…',
  initiated: 'Calling…',
  ringing: 'Ringing…',
  'in-progress': 'Call in progress (simulated)',
  completed: 'Call ended',
};

function showLocalCall(answer) {
  const words = LOCAL_STATUS[answer.status] || ('Call ended: ' + answer.status);
  const call = answer.call || {};
  const route = call.from && call.to ? ' (' + call.from + ' → ' + call.to + ')' : '';
  callStatus(words + route);
  if (answer.final) {
    localCall.over = true;
    active = null;
    part('[data-hangup]').hidden = true;
  }
}

async function startLocalCall(data) {
  const answer = JSON.parse(await postBody('/localCall', new URLSearchParams({
    serviceSid: data.service, sessionSid: data.session, participantSid: data.participant,
  })));
  localCall = { sid: answer.callSid, over: false };
  active = localCall;
  part('[data-hangup]').hidden = false;
  showLocalCall(answer);
  pollLocalCall();
}

function pollLocalCall() {
  clearTimeout(localTimer);
  if (!localCall || localCall.over) return;
  const call = localCall;
  localTimer = setTimeout(async () => {
    try {
      const answer = JSON.parse(await postBody('/localCall/status', new URLSearchParams({ callSid: call.sid })));
      if (call !== localCall) return;
      showLocalCall(answer);
      pollLocalCall();
    } catch (err) {
      callFailed(err);
    }
  }, 500);
}

function stopLocalPolling() {
  clearTimeout(localTimer);
  localCall = null;
}

document.addEventListener('DOMContentLoaded', () => {
  if (modal() && window.Twilio && window.Twilio.Device) startPhone();
});
