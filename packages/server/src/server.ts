/**
 * `createServer`: one HTTP server on one port serving static files, `/healthz`, and the
 * signaling WebSocket at `/ws`.
 *
 * @packageDocumentation
 */
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { Connection, type ConnectionContext } from './connection.js';
import { startHeartbeat, trackLiveness } from './heartbeat.js';
import { BASE_HEADERS } from './http-headers.js';
import { originAllowed } from './limits/origin.js';
import { PendingConnections } from './limits/pending.js';
import { SendBudget } from './limits/send-budget.js';
import { safeLogger, type Logger } from './logger.js';
import { METRICS_PATH, serveMetrics } from './metrics/http.js';
import { ServerMetrics } from './metrics/metrics.js';
import { resolveOptions, type ServerOptions } from './options.js';
import type { ServerMessage } from './protocol.js';
import { ResumeTokens } from './resume-token.js';
import { Moderation } from './moderation/moderation.js';
import { Sessions } from './sessions/sessions.js';
import { MemoryStore, type SessionStore } from './sessions/store.js';
import { Cluster, type ClusterStats } from './backplane/cluster.js';
import { RedisSfuShare } from './backplane/sfu-share.js';
import { RedisTopology } from './backplane/topology.js';
import { RedisModeration } from './backplane/moderation.js';
import type { JtiStore } from './jti-store.js';
import { serveStatic } from './static.js';
import { SfuService } from './sfu/service.js';
import { serverVersion } from './version.js';

/** Path of the signaling WebSocket endpoint. */
export const WS_PATH = '/ws';
/**
 * Path of the health endpoint (`GET` → `{ ok, rooms, participants, connections, away }`, plus with Redis
 * `redis: 'up' | 'down'`, `node` and `cluster: { nodes, rooms, participants }` while Redis is up); `/metrics`: see metrics/http.ts.
 */
export const HEALTH_PATH = '/healthz';

/** Live counters, as also served at `/healthz`. */
export interface ServerStats {
  /** Rooms with at least one participant. */
  rooms: number;
  /** Joined participants over all rooms. */
  participants: number;
  /** Open WebSocket connections (joined or not). */
  connections: number;
  /** Seats kept for a participant whose socket dropped (in its resume grace period; counted in `participants`). */
  away: number;
}

/** Where a started server listens. */
export interface ListenInfo {
  /** The actual port (useful with `port: 0`). */
  port: number;
  /** Base HTTP URL, e.g. `http://127.0.0.1:8080` (`localhost` when bound to all interfaces). */
  url: string;
  /** Signaling URL, e.g. `ws://127.0.0.1:8080/ws`. */
  wsUrl: string;
}

/** A signaling server created by {@link createServer}. */
export interface RtcRoomServer {
  /**
   * Starts listening on the configured host and port.
   *
   * @throws the `listen` error (e.g. `EADDRINUSE`) as a rejected promise; also rejects if already listening
   */
  listen(): Promise<ListenInfo>;
  /**
   * Closes every WebSocket with 1001 (terminating those that do not finish within 1 s), then the
   * HTTP server. Safe to call more than once and before `listen()`; a closed server cannot be restarted.
   */
  close(): Promise<void>;
  /** The actual port while listening, else `undefined`. */
  readonly port: number | undefined;
  /** The bound address while listening, else `undefined`. */
  readonly address: AddressInfo | undefined;
  /** Current counters. */
  stats(): ServerStats;
  /**
   * Graceful drain (SIGTERM in the CLI): stops accepting (the listener closes; new joins and resumes get
   * `server-unavailable`), then for each client stops delivering to its seat and closes its socket with 1012
   * (Service Restart) after everything already sent; resolves once every socket closed, or after
   * `drainTimeoutMs`, with the server closed. With Redis the clients resume on other nodes (nobody sees them leave);
   * without, they join again. Safe to call more than once.
   */
  drain(): Promise<void>;
}

/**
 * Creates (but does not start) a signaling server.
 *
 * @example
 * ```ts
 * const server = createServer({ port: 0, host: '127.0.0.1', staticDir: 'demo' });
 * const { wsUrl } = await server.listen();
 * // … later
 * await server.close();
 * ```
 * @throws {TypeError} for invalid option values (see {@link ServerOptions})
 */
export function createServer(options: ServerOptions = {}): RtcRoomServer {
  // With Redis, room token `jti` uses are counted there (unless a store was given): wired once the cluster exists.
  let sharedJti: JtiStore | undefined;
  const policy = options.tokenPolicy;
  if (options.redisUrl !== undefined && policy?.maxUsesPerJti !== undefined && policy.jtiStore === undefined) {
    options = { ...options, tokenPolicy: { ...policy, jtiStore: { use: (jti, exp) => (sharedJti as JtiStore).use(jti, exp) } } };
  }
  const opts = resolveOptions(options);
  // Prometheus metrics (GET /metrics): read at scrape time; they count the log events they see.
  const metrics: ServerMetrics = new ServerMetrics({
    stats: () => stats(),
    sfuRooms: (): Array<[string, number]> => sfu?.roomsPerJanus() ?? [],
    version: serverVersion(),
  });
  const log: Logger = metrics.observe(safeLogger(opts.logger));
  const cluster = opts.redisUrl
    ? new Cluster({
        redisUrl: opts.redisUrl,
        maxParticipantsPerRoom: opts.maxParticipantsPerRoom,
        maxRooms: opts.maxRooms,
        resumeGraceMs: opts.resumeGraceMs,
        resumeBufferMessages: opts.resumeBufferMessages,
        heartbeatMs: opts.nodeHeartbeatMs,
        deadAfterMs: opts.nodeDeadAfterMs,
        ownSecret: opts.resumeSecret !== undefined,
        log,
      })
    : undefined;
  sharedJti = cluster?.jtiStore;
  const store: SessionStore = cluster ? cluster.store : new MemoryStore(opts.maxParticipantsPerRoom, opts.maxRooms);
  const wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxMessageBytes });
  const http = createHttpServer(
    {
      // Slowloris: a request (or upgrade) must have sent all its headers within headersTimeoutMs; checked often.
      headersTimeout: opts.headersTimeoutMs,
      requestTimeout: Math.max(300_000, opts.headersTimeoutMs),
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(opts.headersTimeoutMs / 4))),
    },
    (req, res) => void handleRequest(req, res),
  );
  const pending = new PendingConnections(opts.maxPendingConnectionsPerIp);
  let stopHeartbeat: (() => void) | undefined;
  let closing: Promise<void> | undefined;
  let draining: Promise<void> | undefined;
  const connections = new WeakMap<WebSocket, Connection>();
  /** Open sockets, and seats in their grace period, per client IP (only IPs with at least one). */
  const perIp = new Map<string, number>();
  const releaseIp = (ip: string): void => {
    const left = (perIp.get(ip) ?? 1) - 1;
    if (left > 0) perIp.set(ip, left);
    else perIp.delete(ip);
  };
  const sendBudget = new SendBudget(opts.maxBufferedBytes, opts.maxBufferedBytesTotal, (ws, exceeded, queued) =>
    log({ event: 'slow-consumer', conn: connections.get(ws)?.connId, budget: exceeded, buffered: queued }));
  const sfu = opts.janusUrls.length > 0
    ? new SfuService({
        janusUrls: opts.janusUrls,
        credentials: opts.janusCredentials,
        roomCapacity: opts.janusRoomCapacity,
        log,
        onMediaFlowing: (p) => sessions.checkVanished(p.id),
        recordingsDir: opts.recordingsDir,
        shared: cluster ? new RedisTopology(cluster.link, cluster.node, log) : undefined,
        sharedSfu: cluster ? new RedisSfuShare(cluster.link, cluster.node) : undefined,
      })
    : undefined;
  if (cluster) cluster.store.onTopology = (room, topology) => sfu?.applyTopology(room, topology);
  if (cluster) cluster.store.onSfuFeeds = (room) => sfu?.refreshFeeds(room);
  cluster?.link.onReady(() => sfu?.reassert());
  void sfu?.start();
  const resumeTokens = new ResumeTokens(opts.resumeSecret);
  // Ids restored from a token are never restored twice here; the notes are forgotten when the token expires.
  const pruneRestored = setInterval(() => store.prune(Date.now()), 60_000);
  pruneRestored.unref();
  const resume = {
    graceMs: opts.resumeGraceMs,
    maxMessages: opts.resumeBufferMessages,
    maxBytes: opts.resumeBufferBytes,
  };

  const stats = (): ServerStats => {
    let away = 0;
    for (const seat of store.seats()) if (seat.away) away++;
    return {
      rooms: store.roomCount,
      participants: store.participantCount,
      connections: wss.clients.size,
      away,
    };
  };

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const pathname = (req.url ?? '/').split('?', 1)[0] ?? '/';
      if (pathname === HEALTH_PATH) {
        const clusterStats: ClusterStats | undefined = await cluster?.stats();
        const body = JSON.stringify({
          ok: true,
          ...stats(),
          ...(draining ? { draining: true } : {}),
          ...(sfu ? { janus: sfu.health() } : {}),
          ...(cluster ? { node: cluster.node, redis: cluster.link.up ? 'up' : 'down', ...(clusterStats ? { cluster: clusterStats } : {}) } : {}),
        });
        res.writeHead(200, { ...BASE_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-cache' });
        return void res.end(body);
      }
      if (pathname === METRICS_PATH) return await serveMetrics(req, res, metrics, { token: opts.metricsToken, trustProxy: opts.trustProxy });
      await serveStatic(req, res, pathname, opts.mounts, opts.pageHeaders);
    } catch (error) {
      log({ event: 'internal-error', where: 'http', error: error instanceof Error ? error.message : typeof error });
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end();
    }
  }

  /** Room locks, mute holds and removals (`moderate`). */
  const moderation = new Moderation(store, log, sfu, cluster ? new RedisModeration(cluster.link) : undefined);
  if (cluster) cluster.store.onModerate = (id, command) => moderation.onRemote(id, command);
  /** Presence and seats of every participant (the SFU's vanish check uses it too). */
  const sessions = new Sessions({
    store,
    maxParticipantsPerRoom: opts.maxParticipantsPerRoom,
    iceServers: opts.iceServers,
    turn: opts.turn,
    resume,
    resumeTokens,
    log,
    sfu,
    onTurnMinted: () => metrics.turnMinted(),
    locked: (room) => moderation.isLocked(room),
    onLeft: (participant, remaining) => moderation.left(participant, remaining),
  });

  /** What every connection shares. */
  const context: ConnectionContext = {
    sessions,
    verifyToken: opts.verifyToken,
    rateLimit: opts.rateLimit,
    joinTimeoutMs: opts.joinTimeoutMs,
    idleTimeoutMs: opts.idleTimeoutMs,
    sendBudget,
    shuttingDown: () => closing !== undefined,
    draining: () => draining !== undefined,
    log,
    sfu,
    moderation,
    onRelayed: (kind) => metrics.relayed(kind),
  };

  function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    // A module-level listener: a closure here would share this call's scope and keep `req` (its headers) alive as
    // long as the socket.
    socket.on('error', destroySelf);
    const pathname = (req.url ?? '/').split('?', 1)[0];
    if (draining && !closing && pathname === WS_PATH) {
      // Draining: a load balancer should send this client to another node.
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nRetry-After: 1\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    if (pathname !== WS_PATH || closing) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    pending.settle(socket as Socket);
    if (!originAllowed(req, opts.allowedOrigins)) {
      wss.handleUpgrade(req, socket, head, (ws) => refuseOrigin(ws, req));
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws, req));
  }

  /**
   * A browser page of another origin: told why (a browser hides a refused handshake's status from the page) and
   * closed with 1008, before it counts against any limit.
   */
  function refuseOrigin(ws: WebSocket, req: IncomingMessage): void {
    ws.on('error', () => ws.terminate());
    const remote = `${clientIp(req, opts.trustProxy)}:${req.socket.remotePort ?? '?'}`;
    log({ event: 'refusal', remote, code: 'origin-not-allowed', reason: 'origin-not-allowed', originLength: req.headers.origin?.length ?? 0 });
    const message = 'this page\'s origin may not use this signaling server (see the server\'s --allowed-origin)';
    ws.send(JSON.stringify({ type: 'error', code: 'origin-not-allowed', message } satisfies ServerMessage));
    ws.close(1008, 'origin not allowed');
    setTimeout(() => ws.terminate(), 2000).unref();
  }

  function accept(ws: WebSocket, req: IncomingMessage): void {
    const ip = clientIp(req, opts.trustProxy);
    const remote = `${ip}:${req.socket.remotePort ?? '?'}`;
    ws.on('error', (error: Error & { code?: string }) => {
      // ws closes the socket itself after protocol errors (e.g. 1009 for oversize messages).
      log({ event: 'socket-error', conn: connections.get(ws)?.connId, remote, code: error.code ?? 'unknown' });
    });
    const open = perIp.get(ip) ?? 0;
    if (opts.maxConnectionsPerIp > 0 && open >= opts.maxConnectionsPerIp) {
      log({ event: 'refusal', remote, code: 'too-many-connections', reason: 'too-many-connections', open });
      const message = `too many connections from this address (${opts.maxConnectionsPerIp}); try again later`;
      ws.send(JSON.stringify({ type: 'error', code: 'too-many-connections', message } satisfies ServerMessage));
      ws.close(1013, 'try again later');
      setTimeout(() => ws.terminate(), 2000).unref();
      return;
    }
    perIp.set(ip, open + 1);
    const connection = new Connection(ws, remote, context);
    connections.set(ws, connection);
    trackLiveness(ws);
    log({ event: 'connect', conn: connection.connId, remote });
    ws.on('message', (data, isBinary) => connection.receive(data, isBinary));
    ws.on('close', (code) => {
      sendBudget.forget(ws);
      const id = connection.participant?.id;
      connection.closed(code);
      // A seat kept for resumption holds this socket's slot until it comes back or ends (else one address could
      // fill every room by joining and dropping).
      const seat = id === undefined ? undefined : store.seat(id);
      if (seat && seat.away && !seat.gone) seat.holdSlot(() => releaseIp(ip));
      else releaseIp(ip);
      log({ event: 'disconnect', conn: connection.connId, code });
    });
    connection.start();
  }

  http.on('connection', (socket: Socket) => {
    if (pending.admit(socket)) return;
    log({ event: 'refusal', remote: `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`, code: 'too-many-connections', reason: 'too-many-pending' });
    socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    socket.setTimeout(1000, () => socket.destroy());
  });
  http.on('upgrade', handleUpgrade);
  http.on('clientError', (_error, socket) => socket.destroy());

  const addressInfo = (): AddressInfo | undefined => {
    const address = http.address();
    return address && typeof address === 'object' ? address : undefined;
  };

  return {
    get port() {
      return addressInfo()?.port;
    },
    get address() {
      return addressInfo();
    },
    stats,
    async listen() {
      await cluster?.start(resumeTokens);
      return new Promise<ListenInfo>((resolve, reject) => {
        if (http.listening) return reject(new Error('server is already listening'));
        const onError = (error: Error): void => reject(error);
        http.once('error', onError);
        http.listen(opts.port, opts.host, () => {
          http.off('error', onError);
          const port = addressInfo()?.port ?? opts.port;
          const wildcard = opts.host === '0.0.0.0' || opts.host === '::' || opts.host === '';
          const host = wildcard ? 'localhost' : opts.host.includes(':') ? `[${opts.host}]` : opts.host;
          stopHeartbeat = startHeartbeat(wss, opts.pingIntervalMs, (ws) =>
            log({ event: 'heartbeat-timeout', conn: connections.get(ws)?.connId }));
          log({
            event: 'start',
            host: opts.host,
            port,
            mounts: opts.mounts.map(([prefix]) => prefix),
            auth: opts.authMode,
            turn: opts.turn ? { urls: opts.turn.urls.length, ttlSeconds: opts.turn.ttlSeconds } : false,
            resumeGraceMs: opts.resumeGraceMs,
            resumeRestore: resumeTokens.restorable,
            ...(cluster ? { node: cluster.node, redis: cluster.link.up ? 'up' : 'down' } : {}),
          });
          resolve({ port, url: `http://${host}:${port}`, wsUrl: `ws://${host}:${port}${WS_PATH}` });
        });
      });
    },
    close() {
      closing ??= closeAll();
      return closing;
    },
    drain() {
      draining ??= drainAll();
      return draining;
    },
  };

  async function drainAll(): Promise<void> {
    const sockets = [...wss.clients];
    log({ event: 'drain', connections: sockets.length, timeoutMs: opts.drainTimeoutMs });
    if (http.listening) http.close();
    await closeSockets(
      sockets,
      (ws) => {
        const connection = connections.get(ws);
        if (connection) void connection.drain();
        else ws.close(1012, 'server restarting');
      },
      opts.drainTimeoutMs,
    );
    closing ??= closeAll();
    await closing;
  }

  async function closeAll(): Promise<void> {
    stopHeartbeat?.();
    sendBudget.stop();
    clearInterval(pruneRestored);
    sfu?.close();
    metrics.close();
    const sockets = [...wss.clients];
    await closeSockets(sockets, (ws) => ws.close(1001, 'server shutting down'), 1000);
    for (const ws of wss.clients) ws.terminate();
    // Seats of sockets that dropped before the shutdown: no one can resume them any more.
    store.clear();
    // A drained node just stops its heartbeat: its clients resume elsewhere meanwhile (no peer-away for them), and
    // after nodeDeadAfterMs the other nodes sweep the seats nobody resumed.
    await cluster?.stop();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    if (http.listening) {
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      });
    }
    log({ event: 'stop' });
  }
}

/** `error` listener of an upgrading socket: destroys it. */
function destroySelf(this: Duplex): void {
  this.destroy();
}

/**
 * The client's IP: the TCP peer, or with `trustProxy` the last `X-Forwarded-For` entry (the address
 * the nearest proxy saw; earlier entries are client-controlled).
 */
export function clientIp(req: IncomingMessage, trustProxy: boolean): string {
  const peer = req.socket.remoteAddress ?? '?';
  if (!trustProxy) return peer;
  const header = req.headers['x-forwarded-for'];
  const value = Array.isArray(header) ? header[header.length - 1] : header;
  const last = value?.split(',').pop()?.trim();
  return last && last.length <= 64 ? last : peer;
}

/** Starts closing each socket with `close`; resolves once all are closed, or after `timeoutMs` (ms) at the latest. */
function closeSockets(sockets: readonly WebSocket[], close: (ws: WebSocket) => void, timeoutMs: number): Promise<void> {
  const closed = sockets.map(
    (ws) =>
      new Promise<void>((resolve) => {
        if (ws.readyState === WebSocket.CLOSED) return resolve();
        ws.once('close', () => resolve());
        close(ws);
      }),
  );
  return Promise.race([Promise.all(closed).then(() => undefined), new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref())]);
}
