// Screenshot of the ETL workflow in the n8n editor, for docs/etl.md (headless Chromium driven through the
// DevTools protocol with Node's built-in fetch and WebSocket; no extra packages).
// Usage: node capture_editor.mjs <n8n url> <workflow id> <output.png>
//        credentials of the editor owner in N8N_OWNER_EMAIL / N8N_OWNER_PASSWORD; Chromium in CHROMIUM.
import { spawn } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [base, workflowId, output] = process.argv.slice(2);
const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';
const port = 9300 + Math.floor(Math.random() * 500);

const login = await fetch(`${base}/rest/login`, {
  method: 'POST', headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ emailOrLdapLoginId: process.env.N8N_OWNER_EMAIL, password: process.env.N8N_OWNER_PASSWORD }),
});
if (!login.ok) throw new Error(`login failed: ${login.status} ${await login.text()}`);
const auth = /n8n-auth=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')?.[1];
if (!auth) throw new Error('no n8n-auth cookie in the login answer');

const browser = spawn(chromium, ['--headless=new', '--no-sandbox', '--disable-gpu', `--remote-debugging-port=${port}`,
  '--window-size=2200,1150', `--user-data-dir=${mkdtempSync(join(tmpdir(), 'n8n-shot-'))}`, 'about:blank'],
  { stdio: 'ignore' });
const poll = async (probe, what, ms = 60000) => {
  const end = Date.now() + ms;
  for (;;) {
    try { const v = await probe(); if (v) return v; } catch { /* not ready yet */ }
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
};
try {
  const target = await poll(async () => (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json())
    .find((t) => t.type === 'page'), 'Chromium DevTools');
  const ws = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => { ws.onopen = resolve; ws.onerror = reject; });
  let next = 0;
  const pending = new Map();
  ws.onmessage = (event) => {
    const msg = JSON.parse(event.data);
    if (msg.id && pending.has(msg.id)) { pending.get(msg.id)(msg); pending.delete(msg.id); }
  };
  const send = (method, params = {}) => new Promise((resolve) => {
    const id = ++next; pending.set(id, resolve); ws.send(JSON.stringify({ id, method, params }));
  });
  const evaluate = async (expression) => (await send('Runtime.evaluate', { expression, returnByValue: true }))
    .result?.result?.value;
  await send('Network.enable');
  await send('Network.setCookie', { name: 'n8n-auth', value: auth, url: base });
  await send('Page.enable');
  await send('Page.navigate', { url: `${base}/workflow/${workflowId}` });
  await poll(async () => (await evaluate("document.querySelectorAll('.vue-flow__node').length")) >= 10,
    'workflow canvas');
  // n8n's "zoom to fit" shortcut, then let the canvas settle (polled: the viewport transform stops changing)
  await evaluate("document.dispatchEvent(new KeyboardEvent('keydown', {key: '1', bubbles: true}))");
  let last = '';
  await poll(async () => {
    const now = await evaluate("JSON.stringify([...document.querySelectorAll('.vue-flow__node')]" +
      ".map((n) => n.getBoundingClientRect()).map((r) => [r.x, r.y, r.width]))");
    const stable = now === last; last = now; return stable;
  }, 'canvas zoom');
  const shot = await send('Page.captureScreenshot', { format: 'png' });
  writeFileSync(output, Buffer.from(shot.result.data, 'base64'));
  console.error(`written ${output}`);
  ws.close();
} finally {
  browser.kill();
}
