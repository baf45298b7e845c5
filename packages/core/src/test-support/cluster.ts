/**
 * Several signaling nodes for a multi-node browser test, started on demand through web-test-runner's
 * `/__rtc-test/cluster/…` routes (scripts/cluster.mjs): server processes, optionally one redis-server they share
 * rooms through (`--redis-url`), optionally nginx in front of them with the deployment guide's configuration.
 */

/** What to start. */
export interface ClusterOptions {
  /** Signaling node processes. Default 2. */
  nodes?: number;
  /** One redis-server and `--redis-url` on every node. Default true. */
  redis?: boolean;
  /** nginx in front of every node (docs/deploy/nginx.conf). Default true. */
  nginx?: boolean;
  /** Every node drives the run's Janus (`--janus-url`). Default false. */
  janus?: boolean;
  /** One `--resume-secret` shared by every node (without Redis, the only way a node restores another's seats). */
  resumeSecret?: boolean;
}

/** A node's `/healthz`. */
export interface NodeHealth {
  ok: boolean;
  rooms: number;
  participants: number;
  /** Sockets on this node: which node a participant is on. */
  connections: number;
  away: number;
}

/** A running cluster. */
export interface TestCluster {
  /** Each node's signaling URL, `ws://127.0.0.1:PORT/ws`. */
  readonly nodes: string[];
  /** The signaling URL through nginx; null without it. */
  readonly proxyUrl: string | null;
  /** The proxy's URL (throws without nginx). */
  proxy(): string;
  /** SIGKILL (a crash), SIGTERM (a deploy: resolves once the node has drained and exited), or start again. */
  node(index: number, action: 'kill' | 'terminate' | 'start'): Promise<void>;
  /** redis-server SIGKILLed, or started again (empty) on its port. */
  redis(action: 'kill' | 'start'): Promise<void>;
  /** Every node's `/healthz`, null for a node that is down. */
  health(): Promise<Array<NodeHealth | null>>;
  stop(): Promise<void>;
}

async function post(path: string, body?: unknown): Promise<Response> {
  const response = await fetch(`/__rtc-test/cluster/${path}`, {
    method: 'POST',
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  if (!response.ok) throw new Error(`cluster/${path}: ${response.status} ${await response.text()}`);
  return response;
}

/** Starts a cluster; throws (failing the test) when redis-server, nginx or Janus is missing. */
export async function startCluster(options: ClusterOptions = {}): Promise<TestCluster> {
  const started = (await (await post('start', options)).json()) as { id: number; nodes: string[]; proxyUrl: string | null };
  const { id } = started;
  return {
    nodes: started.nodes,
    proxyUrl: started.proxyUrl,
    proxy() {
      if (!started.proxyUrl) throw new Error('this cluster has no nginx');
      return started.proxyUrl;
    },
    node: async (index, action) => void (await post(`${id}/node/${index}/${action}`)),
    redis: async (action) => void (await post(`${id}/redis/${action}`)),
    health: async () => (await (await fetch(`/__rtc-test/cluster/${id}/health`)).json()) as Array<NodeHealth | null>,
    stop: async () => void (await post(`${id}/stop`)),
  };
}
