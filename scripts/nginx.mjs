// Starts Debian's nginx for a test or bench run as the WebSocket-upgrading reverse proxy in front of several
// signaling nodes, from the configuration the deployment guide ships (docs/deploy/nginx.conf): the test fills in
// the ports and a private log folder, nothing else, so the shipped configuration is the tested one. Foreground
// (`daemon off`), its pid file and error log in its own mkdtemp folder; stopped by PID, never by name.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { alive, freePort } from './processes.mjs';

const NGINX_BIN = [process.env.NGINX_PATH, '/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => p && existsSync(p));
/** The configuration of docs/guides/deployment.md. */
export const SHIPPED_CONF = fileURLToPath(new URL('../docs/deploy/nginx.conf', import.meta.url));

/**
 * The shipped configuration with `port` as the `listen` port, `upstreams` as the `server` lines of
 * `upstream rtc_room` (their options kept) and every `/var/log/nginx/` path moved to `logDir`.
 * @param {string} text docs/deploy/nginx.conf
 * @param {{ port: number, upstreams: number[], logDir: string }} fill
 * @throws {Error} when the file no longer has the lines this relies on (the test must notice, not run something else)
 */
export function fillConf(text, { port, upstreams, logDir }) {
  const listen = /^([ \t]*)listen\s+\d+;/m;
  // The consecutive `server 127.0.0.1:PORT …;` lines of the upstream block; the first one's options are kept.
  const servers = /^([ \t]*)server\s+127\.0\.0\.1:\d+([^;\n]*);\n(?:[ \t]*server\s+127\.0\.0\.1:\d+[^;\n]*;\n)*/m;
  if (!listen.test(text) || !servers.test(text)) throw new Error(`${SHIPPED_CONF}: no "listen N;" or upstream "server" lines`);
  return text
    .replace(servers, (_, indent, options) => upstreams.map((p) => `${indent}server 127.0.0.1:${p}${options};\n`).join(''))
    .replace(listen, `$1listen 127.0.0.1:${port};`)
    .replaceAll('/var/log/nginx/', `${logDir}/`);
}

async function listening(port) {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

/**
 * Starts nginx on a free port of 127.0.0.1 in front of the nodes listening on `upstreams` (ports on 127.0.0.1).
 * @param {{ upstreams: number[], conf?: string }} options `conf`: another template (default the shipped one)
 * @returns {Promise<{ url: string, wsUrl: string, port: number, pid: number, dir: string, log(): string,
 *   stop(): Promise<void> } | null>} null when nginx is not installed (apt-get install -y nginx). `url` is
 *   `http://127.0.0.1:PORT`, `wsUrl` the signaling endpoint through it; `log()` is nginx's error log.
 * @throws {Error} when nginx exits or does not listen within 60 s (with its error log)
 */
export async function startNginx({ upstreams, conf = SHIPPED_CONF }) {
  if (!NGINX_BIN) return null;
  const dir = mkdtempSync(join(tmpdir(), 'rtc-nginx-'));
  const port = await freePort();
  const confPath = join(dir, 'nginx.conf');
  writeFileSync(confPath, fillConf(readFileSync(conf, 'utf8'), { port, upstreams, logDir: dir }));
  const errorLog = join(dir, 'error.log');
  const child = spawn(
    NGINX_BIN,
    ['-c', confPath, '-p', dir, '-e', errorLog, '-g', `daemon off; pid ${join(dir, 'nginx.pid')};`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  const log = () => {
    const files = ['error.log', 'rtc-room.error.log'].map((f) => join(dir, f)).filter((f) => existsSync(f));
    return stderr + files.map((f) => readFileSync(f, 'utf8')).join('');
  };
  const deadline = Date.now() + 60_000; // an upper bound for a loaded machine
  while (!(await listening(port))) {
    if (!alive(child) || Date.now() > deadline) {
      if (alive(child)) child.kill('SIGKILL');
      const text = log();
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`nginx did not start (exit ${child.exitCode}): ${text}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    port,
    pid: child.pid,
    dir,
    log,
    /** SIGQUIT would wait for the proxied WebSockets; SIGTERM (fast shutdown) does not. Resolves when it is gone. */
    async stop() {
      if (alive(child)) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
