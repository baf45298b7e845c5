// Several signaling nodes for a multi-node test: N server processes (scripts/signaling-process.mjs), optionally
// sharing rooms through one redis-server (scripts/redis.mjs, `--redis-url`) and behind nginx (scripts/nginx.mjs,
// the deployment guide's configuration). Everything by PID, on 127.0.0.1. Started on demand by the browser tests
// through web-test-runner's `/__rtc-test/cluster/…` routes ({@link clusterMiddleware}), so a run that does not
// need them pays nothing.
import { randomBytes } from 'node:crypto';
import { startNginx } from './nginx.mjs';
import { startRedis } from './redis.mjs';
import { startSignalingProcess } from './signaling-process.mjs';

/** Thrown when a tool the cluster needs is not installed: the test fails with what to install. */
export class MissingTool extends Error {}

/**
 * @param {{ nodes?: number, redis?: boolean, nginx?: boolean, janusUrl?: string, resumeSecret?: boolean,
 *   args?: string[] }} options `nodes` (default 2) server processes; `redis` (default true): one redis-server and
 *   `--redis-url` on every node; `nginx` (default true): nginx in front of them all; `janusUrl`: every node drives
 *   that Janus; `resumeSecret` (default false): one `--resume-secret` shared by every node (without Redis,
 *   the only way a node restores another's seats); `args`: more CLI arguments for every node
 * @returns {Promise<{ nodes: Awaited<ReturnType<typeof startSignalingProcess>>[], redis: Awaited<ReturnType<typeof
 *   startRedis>>, nginx: Awaited<ReturnType<typeof startNginx>>, describe(): object, health(): Promise<object[]>,
 *   stop(): Promise<void> }>}
 * @throws {MissingTool} without redis-server or nginx when asked for
 */
export async function startCluster({ nodes = 2, redis = true, nginx = true, janusUrl, resumeSecret = false, args = [] } = {}) {
  const started = { nodes: [], redis: null, nginx: null };
  // Every signal is sent before the first await: `stop()` also works from a process 'exit' handler.
  const stop = () =>
    Promise.all([started.nginx?.stop(), ...started.nodes.map((n) => n.kill()), started.redis?.stop()]).then(() => {});
  try {
    if (redis) {
      started.redis = await startRedis();
      if (!started.redis) throw new MissingTool('redis-server is not installed: apt-get install -y redis-server (.ci/run does)');
    }
    const nodeArgs = [
      ...args,
      ...(started.redis ? ['--redis-url', started.redis.url] : []),
      ...(resumeSecret ? ['--resume-secret', randomBytes(24).toString('hex')] : []),
      ...(janusUrl ? ['--janus-url', janusUrl] : []),
      ...(nginx ? ['--trust-proxy'] : []),
    ];
    const results = await Promise.allSettled(
      Array.from({ length: nodes }, () => startSignalingProcess(nodeArgs, { resumeSecret: false })),
    );
    started.nodes = results.filter((r) => r.status === 'fulfilled').map((r) => r.value);
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    if (nginx) {
      started.nginx = await startNginx({ upstreams: started.nodes.map((n) => n.port) });
      if (!started.nginx) throw new MissingTool('nginx is not installed: apt-get install -y nginx (.ci/run does)');
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    ...started,
    /** What a test page needs: every node's URL, the proxy's, Redis's. */
    describe: () => ({
      nodes: started.nodes.map((n) => n.url),
      proxyUrl: started.nginx?.wsUrl ?? null,
      redisUrl: started.redis?.url ?? null,
    }),
    /** Every node's `/healthz` (null for a node that is down): `connections` tells which node holds sockets. */
    health: () =>
      Promise.all(
        started.nodes.map(async (n) => {
          try {
            const res = await fetch(`http://127.0.0.1:${n.port}/healthz`);
            return await res.json();
          } catch {
            return null;
          }
        }),
      ),
    stop,
  };
}

/**
 * Koa middleware for web-test-runner, loopback only:
 * - `POST /__rtc-test/cluster/start` with a JSON body of {@link startCluster} options (no `args`) → `{ id, nodes,
 *   proxyUrl, redisUrl }` (503 with what to install when a tool is missing);
 * - `POST /__rtc-test/cluster/ID/node/I/(kill|terminate|start)`: node I gets SIGKILL / SIGTERM (resolves once it
 *   exited: a drain has finished) / is started again on its port;
 * - `POST /__rtc-test/cluster/ID/redis/(kill|start)`: redis-server SIGKILLed / started again, empty, on its port;
 * - `GET /__rtc-test/cluster/ID/health`: every node's `/healthz` (null when down);
 * - `POST /__rtc-test/cluster/ID/stop`: everything stopped.
 * @param {{ originArgs: string[], janusUrl?: string }} context `--allowed-origin` arguments for the test pages;
 *   the run's Janus (a test asks for it with `{ janus: true }`)
 * @returns {{ middleware: Function, stopAll(): Promise<void> }}
 */
export function clusterMiddleware({ originArgs, janusUrl }) {
  const clusters = new Map();
  let nextId = 1;
  const middleware = async (ctx, next) => {
    const route = /^\/__rtc-test\/cluster\/(?:(start)|(\d+)\/(?:(stop|health)|node\/(\d+)\/(kill|terminate|start)|redis\/(kill|start)))$/.exec(ctx.path);
    if (!route) return next();
    const [, start, id, whole, node, nodeAction, redisAction] = route;
    try {
      if (start && ctx.method === 'POST') {
        const chunks = [];
        for await (const chunk of ctx.req) chunks.push(chunk);
        const { janus, ...options } = JSON.parse(Buffer.concat(chunks).toString() || '{}');
        if (janus && !janusUrl) throw new MissingTool('janus is not running (apt-get install -y janus; run in the test namespace)');
        const cluster = await startCluster({
          nodes: options.nodes,
          redis: options.redis,
          nginx: options.nginx,
          resumeSecret: options.resumeSecret,
          ...(janus ? { janusUrl } : {}),
          args: originArgs,
        });
        const clusterId = nextId++;
        clusters.set(clusterId, cluster);
        ctx.body = { id: clusterId, ...cluster.describe() };
        return undefined;
      }
      const cluster = clusters.get(Number(id));
      if (!cluster) {
        ctx.status = 404;
        ctx.body = `no cluster ${id}`;
        return undefined;
      }
      if (whole === 'health' && ctx.method === 'GET') {
        ctx.body = await cluster.health();
      } else if (ctx.method !== 'POST') {
        return next();
      } else if (whole === 'stop') {
        clusters.delete(Number(id));
        await cluster.stop();
        ctx.body = 'ok';
      } else if (nodeAction) {
        const target = cluster.nodes[Number(node)];
        if (!target) throw new RangeError(`no node ${node}`);
        await target[nodeAction]();
        ctx.body = 'ok';
      } else {
        if (!cluster.redis) throw new RangeError('this cluster has no redis');
        await (redisAction === 'kill' ? cluster.redis.kill() : cluster.redis.start());
        ctx.body = 'ok';
      }
    } catch (error) {
      ctx.status = error instanceof MissingTool ? 503 : 500;
      ctx.body = String(error?.message ?? error);
    }
    return undefined;
  };
  /** Stops every cluster; its signals are sent synchronously (usable in an 'exit' handler). */
  const stopAll = () => {
    const all = [...clusters.values()];
    clusters.clear();
    return Promise.all(all.map((c) => c.stop()));
  };
  return { middleware, stopAll };
}
