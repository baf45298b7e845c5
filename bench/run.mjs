#!/usr/bin/env node
// `npm run bench` (after `npm --prefix bench ci` and `npm run build`): call setup, bundle size, signaling
// throughput and scale-out (two nodes + Redis), each against a baseline measured in the same run. Prints one
// markdown table and writes the same rows as JSON to bench/results/latest.json. A benchmark, not a test: it never fails on timings (exit 1 only
// when the bench itself could not run). See bench/README.md.
//
// WebRTC must stay on loopback: as root on Linux (CI, this project's machines) the script re-executes itself
// inside a private network namespace whose only interface is `lo` (like scripts/test.mjs), and Chromium runs
// with --allow-loopback-in-peer-connection. RTC_TEST_NO_NETNS=1 skips that (a developer's laptop).
//
// Options (environment): BENCH_ONLY=sizes,setup,server,scale,large-room (large-room: not in the default set, ~2 min)
//                        BENCH_LARGE_ROOM_SYNTHETIC=48 BENCH_LARGE_ROOM_LASTN=6 BENCH_LARGE_ROOM_SECONDS=10 (bench/large-room.mjs)
//                        BENCH_SETUP_ITERATIONS=20  BENCH_CONNECTIONS=1000,5000
//                        BENCH_SETUP_MODES=host,relay,sfu,sfu-cascade,auto (which call-setup rows; BENCH_AUTO_ITERATIONS=3)
//                        BENCH_SCALE_ROUNDS=2 (scale-out: alternating rounds of one node / two nodes + Redis)
//                        RTC_BENCH_ROOT=<another built checkout to measure>
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchDir, projectRoot } from './paths.mjs';

const self = fileURLToPath(import.meta.url);

function inNamespace() {
  return process.env.RTC_TEST_IN_NETNS === '1';
}
function canUnshare() {
  if (process.platform !== 'linux' || process.getuid?.() !== 0 || process.env.RTC_TEST_NO_NETNS === '1') return false;
  return spawnSync('unshare', ['-n', 'true']).status === 0;
}

// ---- formatting ---------------------------------------------------------------------------------------------

const kB = (bytes) => (bytes === undefined ? '—' : `${(bytes / 1000).toFixed(1)} kB`);
const ms = (v) => (v === undefined ? '—' : `${Math.round(v)} ms`);
const ratio = (a, b) => (a === undefined || b === undefined || b === 0 ? '—' : `${(a / b).toFixed(2)}×`);
const num = (v) => (v === undefined ? '—' : Math.round(v).toLocaleString('en-US'));

/** Rows of bench/large-room.mjs: one per configuration, the baseline is the forwarded, last-N-off room. */
function largeRoomRows(results) {
  const base = results.find((r) => r.id === 'large-forwarded' && r.browsers);
  const down = (r) => Object.entries(r.browsers).map(([n, b]) => `${n} ${num(b.kbps)} kbit/s (${b.decoding}/${b.videoStreams} videos decoding, ${b.receiving} audio)`).join(' · ');
  return results.map((r) => {
    const benchmark = `Large room (${r.synthetic ?? 48} synthetic + Chromium + Firefox): ${r.label}`;
    if (r.skipped || r.error) {
      return { group: 'large-room', id: r.id, benchmark, ours: 'not measured', baseline: '—', ratio: '—', notes: r.skipped ? `Skipped: ${r.skipped}.` : `Failed: ${r.error}`, data: r };
    }
    const mean = (x) => Object.values(x.browsers).reduce((n, b) => n + b.kbps, 0) / Object.keys(x.browsers).length;
    return {
      group: 'large-room',
      id: r.id,
      benchmark,
      ours: `Janus ${Math.round(r.janusCpuPercent)} % of a core (synthetic publishers ${Math.round(r.syntheticCpuPercent)} %) · ${down(r)}`,
      baseline: base && base !== r ? `forwarded, last-N off: Janus ${Math.round(base.janusCpuPercent)} % · ${down(base)}` : '—',
      ratio: base && base !== r ? ratio(mean(r), mean(base)) : '—',
      notes: `Inbound = every inbound-rtp's bytes + header bytes over ${Math.round(r.seconds)} s; Janus CPU = user + system time of its PID. Ratio: mean browser download ÷ the forwarded, last-N-off room's.`,
      data: r,
    };
  });
}

function sizeRows(sizes) {
  const by = Object.fromEntries(sizes.map((s) => [s.id, s]));
  const rows = [];
  const others = sizes.filter((s) => !s.ours);
  const cell = (s) => (s.error ? s.error : `${kB(s.gzip)} gz · ${kB(s.brotli)} br · ${kB(s.min)} min`);
  const ours = [
    ['core', by['core'], 'livekit', 'Target ≤ 15 kB gzip. Ratio: gzip, ours ÷ baseline (lower is better).'],
    ['core-all', by['core-all'], 'peerjs', 'Everything index.js exports (what size-limit budgets).'],
    ['sfu', by['sfu'], 'janus-gateway', 'esbuild entry `export { SfuTransport } from …/dist/transport/sfu/SfuTransport.js` (+ RtcError, NegotiationError it imports). Baseline: the Janus client library an app would otherwise use to talk to the same SFU (ours speaks rtc-room\'s protocol; the server speaks Janus).'],
    ['bundle', by['bundle'], 'livekit', 'Lit + core + every element. Target ≤ 35 kB gzip.'],
    ['elements-esbuild', by['elements-esbuild'], 'peerjs', 'The same bundle rebuilt with esbuild like the others.'],
  ];
  for (const [id, s, vs, note] of ours) {
    if (!s) continue;
    const base = vs ? by[vs] : undefined;
    rows.push({
      group: 'size',
      id: `size-${id}`,
      benchmark: `Size: ${s.label}`,
      ours: cell(s),
      baseline: base ? `${base.label} ${base.version ?? ''}: ${cell(base)}` : '—',
      ratio: base && !s.error && !base.error ? ratio(s.gzip, base.gzip) : '—',
      notes: note,
      data: { ours: s, baseline: base },
    });
  }
  // What topology 'sfu' / 'auto' adds to the core a typical app imports: Room + WebSocketSignaling bundled as is,
  // minus the same with SfuTransport.js and AutoTransport.js replaced by empty classes (bench/sizes.mjs).
  const withSfu = by['core'];
  const noSfu = by['core-no-sfu'];
  if (withSfu && noSfu) {
    const ok = !withSfu.error && !noSfu.error;
    const d = (k) => withSfu[k] - noSfu[k];
    const at = rows.findIndex((r) => r.id === 'size-sfu');
    rows.splice(at < 0 ? rows.length : at + 1, 0, {
      group: 'size',
      id: 'size-sfu-share',
      benchmark: 'Size: SFU transports\' share of @rtc-room/core (Room + WebSocketSignaling, with − without SfuTransport + AutoTransport)',
      ours: ok ? `+${kB(d('gzip'))} gz · +${kB(d('brotli'))} br · +${kB(d('min'))} min` : (withSfu.error ?? noSfu.error),
      baseline: ok ? `core without them: ${cell(noSfu)}` : '—',
      ratio: ok ? ratio(d('gzip'), noSfu.gzip) : '—',
      notes: 'Same entry as the core row, bundled twice: as is, and with dist/transport/sfu/SfuTransport.js and AutoTransport.js replaced by empty classes (esbuild plugin). Ratio: the SFU\'s gzip bytes ÷ the rest of the core. WebSocketSignaling\'s sfu() channel is in both builds.',
      data: { with: withSfu, without: noSfu },
    });
  }
  for (const s of others) {
    rows.push({
      group: 'size',
      id: `size-${s.id}`,
      benchmark: `Size: ${s.label} ${s.version ?? ''}`.trim(),
      ours: by['core'] && !by['core'].error ? `core: ${kB(by['core'].gzip)} gz` : '—',
      baseline: cell(s),
      ratio: by['core'] && !s.error ? ratio(by['core'].gzip, s.gzip) : '—',
      notes: s.id === 'lit' ? 'Floor for any Lit UI; compare with rtc-room.bundle.js.' : 'Same esbuild settings, named export only.',
      data: { ours: by['core'], baseline: s },
    });
  }
  return rows;
}

/** The SFU rows' phase breakdown (bench/setup/trace.js): medians, ms after B.join(). */
function phaseNote(p) {
  if (!p) return '';
  const t = (k) => ms(p[k]);
  return ` Phases (medians, ms after B.join()): B — WebSocket open ${t('bSocketOpen')}, join sent ${t('bJoinSent')} → joined ${t('bJoined')}; publish offer sent ${t('bPublishSent')} → Janus answer ${t('bPublishAnswered')} → ICE ${t('bPublishIceConnected')} / DTLS connected ${t('bPublishConnected')}; subscribe sent ${t('bSubscribeSent')}, subscribe offer ${t('bSubscribeOffer')} → answer sent ${t('bAnswerSent')} → accepted ${t('bSubscribeAnswered')} → ICE ${t('bSubscribeIceConnected')} / DTLS connected ${t('bSubscribeConnected')}; first remote frame ${t('bFirstFrame')}. A — subscribe offer ${t('aSubscribeOffer')} → answer sent ${t('aAnswerSent')} → accepted ${t('aSubscribeAnswered')} → ICE ${t('aSubscribeIceConnected')} / DTLS connected ${t('aSubscribeConnected')}; first remote frame ${t('aFirstFrame')}.`;
}

function setupRows(setup) {
  const rows = [];
  for (const r of setup) {
    const label = r.label ?? { 'setup-relay': 'Call setup, relay-only through coturn', 'setup-sfu': 'Call setup, SFU through Janus', 'setup-sfu-cascade': 'Call setup, SFU cascaded across two Janus nodes', 'setup-slow-signaling': 'Call setup over a signaling path with 100 ms RTT', 'setup-auto': 'Switch mesh → SFU (topology: \'auto\')' }[r.id] ?? 'Call setup, host candidates';
    if (r.error) {
      rows.push({ group: 'setup', id: r.id, benchmark: label, ours: 'n/a', baseline: 'n/a', ratio: '—', notes: r.error, data: r });
      continue;
    }
    const o = r.ours;
    const b = r.baseline;
    const fail = r.failures.ours + r.failures.bare > 0 ? ` Failed calls: rtc-room ${r.failures.ours}, bare ${r.failures.bare}.` : '';
    if (r.id === 'setup-auto') {
      rows.push({
        group: 'setup',
        id: r.id,
        benchmark: `${label}: the 5th join() → every page decodes every other through the SFU`,
        ours: `median ${ms(o.median)} · p90 ${ms(o.p90)} (n=${o.n})`,
        baseline: `five join an SFU room at once, until every page decodes every other: median ${ms(b.median)} · p90 ${ms(b.p90)} (n=${b.n})`,
        ratio: ratio(o.median, b.median),
        notes: `Five Rooms in one Chromium page, topology 'auto' (the server's default: SFU above 4): four in a mesh call (every page decoding every other), then the clock covers the fifth's join(), the move of every page to the SFU (make-before-break: a peer's SFU tracks are handed to the Room only once they decode) and stops when every Room takes every other's video from the SFU and decodes it. Every transport was on the SFU after ${ms(r.phases?.allSfuMs)} (median). Target ≤ 2×.${fail.replace('bare', 'five-at-once')}`,
        data: r,
      });
      continue;
    }
    if (r.id === 'setup-sfu-cascade') {
      // Its baseline is the single-Janus SFU call, run interleaved through the one-node server (see setup.mjs).
      rows.push({
        group: 'setup',
        id: r.id,
        benchmark: `${label}: join() → first decoded frame on both sides`,
        ours: `median ${ms(o.median)} · p90 ${ms(o.p90)} (n=${o.n})`,
        baseline: `the same call on one Janus: median ${ms(b.median)} · p90 ${ms(b.p90)} (n=${b.n})`,
        ratio: ratio(o.median, b.median),
        notes: `janusRoomCapacity 1: A publishes on the first Janus, the joiner B on the second, and each receives the other through a VideoRoom remote publisher (add_remote_publisher + publish_remotely, plain RTP between the two Janus on loopback). The ratio is what the cascade hop costs over one Janus (the forward is set up after the publisher's webrtcup, then the subscriber's update). First frame at A / B (medians): cascaded ${ms(r.sides?.oursA.median)} / ${ms(r.sides?.oursB.median)}, one Janus ${ms(r.sides?.bareA.median)} / ${ms(r.sides?.bareB.median)}.${fail.replace('bare', 'one Janus')}${phaseNote(r.phases)}`,
        data: r,
      });
      continue;
    }
    rows.push({
      group: 'setup',
      id: r.id,
      benchmark: `${label}: join() → first decoded frame on both sides`,
      ours: `median ${ms(o.median)} · p90 ${ms(o.p90)} (n=${o.n})`,
      baseline: `2 bare RTCPeerConnections in-page: median ${ms(b.median)} · p90 ${ms(b.p90)} (n=${b.n})`,
      ratio: ratio(o.median, b.median),
      notes: `${r.id === 'setup-slow-signaling' ? `A delaying TCP proxy (bench/delay-proxy.mjs) holds every signaling chunk 50 ms each way between each page and the server (100 ms RTT); the bare pair waits 100 ms on each hand-over (offer, answer, each candidate): one message between the two participants through a server on that network. The difference, ${ms(o.median - b.median)} ≈ ${((o.median - b.median) / 100).toFixed(1)} × 100 ms, is the extra signaling round trips rtc-room puts before media (WebSocket upgrade, join → joined, the relayed offer/answer). ` : ''}${r.id === 'setup-sfu' ? 'Baseline: the same direct bare pair as the host-candidates (mesh) row, run interleaved with these SFU calls; the SFU call does more (a publish and a subscribe connection per side, Janus forwarding, the server relaying Janus signaling), so the ratio says what the SFU costs over the direct floor. ' : ''}Target ≤ 1.3× (medians). Path: rtc-room${r.id === 'setup-sfu' ? ' (B\'s subscribe connection to Janus)' : ''} ${r.paths?.ours ?? '?'}, bare ${r.paths?.bare ?? '?'}. join() resolved after ${ms(r.joinMs?.median)} (median); getUserMedia inside the clock ${ms(r.captureMs?.median)}. First frame at the one already in the room / the joiner (medians): rtc-room ${ms(r.sides?.oursA.median)} / ${ms(r.sides?.oursB.median)}, bare ${ms(r.sides?.bareA.median)} / ${ms(r.sides?.bareB.median)}.${fail}${phaseNote(r.phases)}`,
      data: r,
    });
  }
  return rows;
}

function serverRows(server, p99Limit) {
  const rows = [];
  const counts = [...new Set(server.map((r) => r.connections))];
  for (const n of counts) {
    const o = server.find((r) => r.connections === n && r.kind === 'rtc-room');
    const b = server.find((r) => r.connections === n && r.kind === 'peerjs');
    const label = `${n.toLocaleString('en-US')} connections`;
    if (!o || !b || o.error || b.error) {
      rows.push({ group: 'server', id: `server-${n}`, benchmark: `Signaling server, ${label}`, ours: o?.error ?? '—', baseline: b?.error ?? '—', ratio: '—', notes: 'did not run to the end', data: { ours: o, baseline: b } });
      continue;
    }
    const last = (r) => r.steps.at(-1);
    const sat = (r) => (r.best ? '' : ' (no step met the criterion)');
    const cpuAt = (r) => (r.best ? `server CPU ${Math.round(r.best.serverCpu * 100)}%` : '');
    rows.push({
      group: 'server',
      id: `server-throughput-${n}`,
      benchmark: `Signaling relay throughput, ${label} (rooms of 4), highest offered rate sustained with p99 ≤ ${p99Limit} ms`,
      ours: `${num(o.best?.deliveredPerSec)} msg/s${sat(o)}`,
      baseline: `PeerJS server: ${num(b.best?.deliveredPerSec)} msg/s${sat(b)}`,
      ratio: ratio(o.best?.deliveredPerSec, b.best?.deliveredPerSec),
      notes: `Target ≥ 2× (higher is better). Next step failed at ${num(last(o)?.offered)} / ${num(last(b)?.offered)} msg/s offered. At the sustained step: ${cpuAt(o)} / ${cpuAt(b)}.`,
      data: { ours: o, baseline: b },
    });
    // Latency at equal load: the highest offered rate both sustained.
    const common = o.steps.filter((s) => s.sustained).map((s) => s.offered).filter((r) => b.steps.some((s) => s.sustained && s.offered === r)).at(-1);
    if (common !== undefined) {
      const so = o.steps.find((s) => s.offered === common);
      const sb = b.steps.find((s) => s.offered === common);
      rows.push({
        group: 'server',
        id: `server-latency-${n}`,
        benchmark: `Signaling relay latency at equal load, ${label}, ${num(common)} msg/s offered`,
        ours: `p50 ${so.p50.toFixed(1)} ms · p99 ${so.p99.toFixed(1)} ms`,
        baseline: `PeerJS server: p50 ${sb.p50.toFixed(1)} ms · p99 ${sb.p99.toFixed(1)} ms`,
        ratio: ratio(so.p99, sb.p99),
        notes: 'Ratio of p99s (lower is better). Client send → peer receive, timestamp in the payload.',
        data: { offered: common, ours: so, baseline: sb },
      });
    }
    rows.push({
      group: 'server',
      id: `server-rss-${n}`,
      benchmark: `Signaling server RSS per connection, ${label} (joined, idle)`,
      ours: `${(o.rssPerConn / 1024).toFixed(1)} KiB`,
      baseline: `PeerJS server: ${(b.rssPerConn / 1024).toFixed(1)} KiB`,
      ratio: ratio(o.rssPerConn, b.rssPerConn),
      notes: '(RSS with N connections − RSS before any) ÷ N, after a full GC; lower is better.',
      data: { ours: o.rssPerConn, baseline: b.rssPerConn },
    });
  }
  return rows;
}

/** Rows of the scale-out bench (bench/scale.mjs): two nodes + Redis against one node, same clients and pairs. */
function scaleRows(scale, p99Limit) {
  const rows = [];
  const mb = (b) => (b === undefined ? '—' : `${(b / 1e6).toFixed(0)} MB`);
  const pct = (v) => (v === undefined ? '—' : `${Math.round(v * 100)}%`);
  const counts = [...new Set(scale.map((r) => r.connections))];
  for (const n of counts) {
    const o = scale.find((r) => r.connections === n && r.id === 'two-nodes');
    const b = scale.find((r) => r.connections === n && r.id === 'one-node');
    const label = `${n.toLocaleString('en-US')} connections`;
    const shape = `rooms of 4 split 2 + 2 over the nodes, each client sending only to its room's 2 members on the other node`;
    if (!o || !b || o.error || b.error) {
      const why = o?.error ?? b?.error ?? 'did not run';
      for (const [id, what] of [['throughput', 'relay throughput'], ['latency', 'relay latency'], ['nodes', 'per-node figures'], ['redis', 'Redis ops per relayed message']]) {
        rows.push({
          group: 'scale',
          id: `scale-${id}-${n}`,
          benchmark: `Two nodes + Redis, ${label}: cross-node ${what}`,
          ours: 'n/a',
          baseline: b && !b.error && id === 'throughput' ? `one node: ${num(b.best?.deliveredPerSec)} msg/s` : b?.error ? 'n/a' : '—',
          ratio: '—',
          notes: id === 'throughput' ? `n/a: ${o?.error ? o.error : b?.error ? `baseline: ${b.error}` : why}` : 'n/a (reason in the throughput row above)',
          data: { ours: o, baseline: b },
        });
      }
      continue;
    }
    const sat = (r) => (r.best ? '' : ' (no step met the criterion)');
    const last = (r) => r.steps.at(-1);
    const ob = o.best;
    rows.push({
      group: 'scale',
      id: `scale-throughput-${n}`,
      benchmark: `Cross-node relay throughput, ${label} on 2 nodes + Redis (${shape}), highest offered rate sustained with p99 ≤ ${p99Limit} ms`,
      ours: `${num(ob?.deliveredPerSec)} msg/s${sat(o)}`,
      baseline: `one node, no Redis, same clients and pairs: ${num(b.best?.deliveredPerSec)} msg/s${sat(b)}`,
      ratio: ratio(ob?.deliveredPerSec, b.best?.deliveredPerSec),
      notes: `Higher is better; every message of the two-node run crossed nodes through Redis pub/sub. Next step failed at ${num(last(o)?.offered)} / ${num(last(b)?.offered)} msg/s offered.${ob ? ` At the sustained step: node CPU ${ob.nodes.map((x) => pct(x.cpu)).join(' / ')}, Redis CPU ${pct(ob.probe?.redisCpu)}, load generator ${pct(ob.clientCpu)}` : ''}${b.best ? `; one node ${pct(b.best.serverCpu)}.` : '.'}`,
      data: { ours: o, baseline: b },
    });
    const common = o.steps.filter((s) => s.sustained).map((s) => s.offered).filter((r) => b.steps.some((s) => s.sustained && s.offered === r)).at(-1);
    if (common !== undefined) {
      const so = o.steps.find((s) => s.offered === common);
      const sb = b.steps.find((s) => s.offered === common);
      rows.push({
        group: 'scale',
        id: `scale-latency-${n}`,
        benchmark: `Cross-node relay latency at equal load, ${label} on 2 nodes + Redis, ${num(common)} msg/s offered`,
        ours: `p50 ${so.p50.toFixed(1)} ms · p99 ${so.p99.toFixed(1)} ms`,
        baseline: `one node: p50 ${sb.p50.toFixed(1)} ms · p99 ${sb.p99.toFixed(1)} ms`,
        ratio: ratio(so.p99, sb.p99),
        notes: `Ratio of p99s (lower is better). Added by the cross-node hop (node → Redis → node): p50 +${(so.p50 - sb.p50).toFixed(1)} ms, p99 +${(so.p99 - sb.p99).toFixed(1)} ms. Client send → peer receive, timestamp in the payload.`,
        data: { offered: common, ours: so, baseline: sb },
      });
    } else {
      rows.push({ group: 'scale', id: `scale-latency-${n}`, benchmark: `Cross-node relay latency at equal load, ${label} on 2 nodes + Redis`, ours: '—', baseline: '—', ratio: '—', notes: 'No offered rate was sustained by both configurations (p99 ≤ 50 ms): no equal-load comparison in this run.', data: { ours: o, baseline: b } });
    }
    const at = ob ?? o.steps[0];
    const nodeCell = o.perNode.map((p, k) => `node ${k + 1}: ${num(p.connections)} conns · ${num(at?.nodes[k]?.sentPerSec)} msg/s in + ${num(at?.nodes[k]?.deliveredPerSec)} out · RSS ${mb(p.rssJoined)} (${mb(at?.nodes[k]?.rss)} under load) · CPU ${pct(at?.nodes[k]?.cpu)}`).join('; ');
    const bp = b.perNode[0];
    // µs of CPU per delivered message: all nodes together (and Redis apart, when given), at one step.
    const usPerMsg = (step, redisCpu) => {
      if (!step || !step.deliveredPerSec) return '—';
      const us = (cpu) => `${((cpu * 1e6) / step.deliveredPerSec).toFixed(0)} µs`;
      const nodesCpu = step.nodes.reduce((a, x) => a + x.cpu, 0);
      return redisCpu === undefined ? us(nodesCpu) : `${us(nodesCpu)} on the nodes (${step.nodes.map((x) => us(x.cpu)).join(' + ')}) + ${us(redisCpu)} in Redis`;
    };
    const bat = b.best ?? b.steps[0];
    rows.push({
      group: 'scale',
      id: `scale-nodes-${n}`,
      benchmark: `Per node, ${label} on 2 nodes + Redis, at ${num(at?.offered)} msg/s offered${ob ? ' (highest sustained)' : ' (lowest step; none sustained)'}`,
      ours: nodeCell,
      baseline: `one node: ${num(bp.connections)} conns · ${num(bat?.nodes[0]?.sentPerSec)} msg/s in + ${num(bat?.nodes[0]?.deliveredPerSec)} out · RSS ${mb(bp.rssJoined)} (${mb(bat?.nodes[0]?.rss)} under load) · CPU ${pct(bat?.nodes[0]?.cpu)} at ${num(bat?.offered)} msg/s`,
      ratio: ratio(o.perNode.reduce((a, p) => a + p.rssPerConn, 0) / o.perNode.length, bp.rssPerConn),
      notes: `CPU per relayed message (CPU seconds ÷ messages delivered in the window): ${usPerMsg(at, at?.probe?.redisCpu)}, against one node ${usPerMsg(bat)} (the cost that decides msg/s per core whatever the p99). Ratio: RSS per joined connection, two-node mean ÷ one node (lower is better): ${(o.perNode.reduce((a, p) => a + p.rssPerConn, 0) / o.perNode.length / 1024).toFixed(1)} vs ${(bp.rssPerConn / 1024).toFixed(1)} KiB. RSS joined = after a full GC, idle; "in" = what the node's clients sent, "out" = what it delivered to them.`,
      data: { ours: o.perNode, baseline: b.perNode, step: at },
    });
    const pr = at?.probe;
    const calls = pr ? Object.entries(pr.callsPerMessage).sort((x, y) => y[1] - x[1]).filter(([, v]) => v >= 0.01).map(([k, v]) => `${k.toUpperCase()} ${v.toFixed(2)}`).join(', ') : '';
    rows.push({
      group: 'scale',
      id: `scale-redis-${n}`,
      benchmark: `Redis ops per relayed message, ${label} on 2 nodes + Redis, at ${num(at?.offered)} msg/s offered`,
      ours: pr ? `${pr.opsPerMessage.toFixed(2)} commands/msg (${calls}) · ${num(pr.opsPerSec)} ops/s · Redis CPU ${pct(pr.redisCpu)} · ${(pr.netInPerMessage / 1000).toFixed(2)} kB in + ${(pr.netOutPerMessage / 1000).toFixed(2)} kB out per msg` : '—',
      baseline: 'one node: no Redis',
      ratio: '—',
      notes: `${pr ? `${pr.opsPerSentMessage.toFixed(2)} per message sent in the window (the same when the step keeps up). ` : ''}Commands run inside the backplane's Lua scripts count (EVALSHA and each redis.call). INFO stats total_commands_processed and commandstats before/after the measured window, ÷ messages relayed in it, minus the background rate with every client joined and silent (${o.idle ? `${o.idle.opsPerSec.toFixed(1)} ops/s` : '—'}). Joining cost ${o.joins ? o.joins.commandsPerJoin.toFixed(1) : '—'} commands per connection. Redis ${o.redisVersion}.`,
      data: { step: at?.probe, idle: o.idle, joins: o.joins },
    });
  }
  return rows;
}

function markdown(rows) {
  const esc = (s) => String(s ?? '').replaceAll('|', '\\|').replaceAll('\n', ' ');
  const lines = ['| benchmark | rtc-room | baseline | ratio | notes |', '| --- | --- | --- | --- | --- |'];
  for (const r of rows) lines.push(`| ${esc(r.benchmark)} | ${esc(r.ours)} | ${esc(r.baseline)} | ${esc(r.ratio)} | ${esc(r.notes)} |`);
  return lines.join('\n');
}

// ---- main ---------------------------------------------------------------------------------------------------

async function main() {
  const only = new Set((process.env.BENCH_ONLY ?? 'sizes,setup,server,scale').split(',').map((s) => s.trim()));
  const log = (s) => process.stderr.write(`${s}\n`);
  const started = Date.now();
  const rootPkg = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8'));
  const git = spawnSync('git', ['-C', projectRoot, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' });
  const dirty = spawnSync('git', ['-C', projectRoot, 'status', '--porcelain', '--', 'packages'], { encoding: 'utf8' });
  const meta = {
    date: new Date().toISOString(),
    project: `${rootPkg.name}@${rootPkg.version}`,
    commit: git.status === 0 ? `${git.stdout.trim()}${dirty.stdout?.trim() ? ' + uncommitted changes in packages/' : ''}` : 'unknown',
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}`,
    node: process.version,
    networkNamespace: inNamespace(),
    loadAverageAtStart: os.loadavg()[0],
  };
  log(`# rtc-room bench — ${meta.date} — ${meta.machine}${inNamespace() ? ' (private network namespace: loopback only)' : ''}`);
  const rows = [];
  const raw = {};
  let broken = false;

  if (only.has('sizes')) {
    log('# bundle sizes (esbuild --bundle --minify --format=esm --platform=browser; gzip -9, brotli -q 11)');
    const { measureSizes } = await import('./sizes.mjs');
    raw.sizes = await measureSizes({ log });
    rows.push(...sizeRows(raw.sizes));
  }
  if (only.has('setup')) {
    log('# call setup (headless Chromium, fake devices, loopback)');
    const { measureSetup, CHROMIUM } = await import('./setup.mjs');
    meta.chromium = spawnSync(CHROMIUM, ['--version'], { encoding: 'utf8' }).stdout?.trim();
    try {
      const modes = (process.env.BENCH_SETUP_MODES ?? 'host,slow,relay,sfu,sfu-cascade,auto').split(',').map((m) => m.trim());
      raw.setup = await measureSetup({ iterations: Number(process.env.BENCH_SETUP_ITERATIONS ?? 20), modes, log });
    } catch (error) {
      log(`  call-setup bench failed: ${error.stack ?? error}`);
      raw.setup = [{ id: 'setup-host', error: `bench failed: ${error.message}` }];
      broken = true;
    }
    rows.push(...setupRows(raw.setup));
  }
  if (only.has('server')) {
    log('# signaling server throughput (ws clients on 127.0.0.1, rooms of 4)');
    const { measureThroughput, P99_LIMIT_MS } = await import('./throughput.mjs');
    const counts = (process.env.BENCH_CONNECTIONS ?? '1000,5000').split(',').map(Number);
    raw.server = await measureThroughput({ counts, log });
    rows.push(...serverRows(raw.server, P99_LIMIT_MS));
  }
  if (only.has('scale')) {
    log('# scale-out: two signaling nodes + Redis against one node (every message crosses nodes)');
    const { measureScale, P99_LIMIT_MS } = await import('./scale.mjs');
    const counts = (process.env.BENCH_CONNECTIONS ?? '1000,5000').split(',').map(Number);
    raw.scale = await measureScale({ counts, rounds: Number(process.env.BENCH_SCALE_ROUNDS ?? 2), log });
    rows.push(...scaleRows(raw.scale, P99_LIMIT_MS));
  }

  if (only.has('large-room')) {
    log('# large room: 48 synthetic publishers + Chromium + Firefox in one SFU room (Janus CPU, inbound bitrate)');
    const { measureLargeRoom } = await import('./large-room.mjs');
    try {
      raw.largeRoom = await measureLargeRoom({ log });
    } catch (error) {
      log(`  large-room bench failed: ${error.stack ?? error}`);
      raw.largeRoom = [];
      broken = true;
    }
    rows.push(...largeRoomRows(raw.largeRoom));
  }

  meta.durationSeconds = Math.round((Date.now() - started) / 1000);
  meta.loadAverageAtEnd = os.loadavg()[0];
  const busy = Math.max(meta.loadAverageAtStart, meta.loadAverageAtEnd) > os.cpus().length;
  const table = markdown(rows);
  meta.busy = busy;
  const header = [
    `rtc-room bench, ${meta.date.slice(0, 10)}, ${meta.machine}, Node ${meta.node}${meta.chromium ? `, ${meta.chromium}` : ''}, commit ${meta.commit}, ${meta.durationSeconds} s, load average ${meta.loadAverageAtStart.toFixed(1)} → ${meta.loadAverageAtEnd.toFixed(1)}`,
    ...(busy ? ['', '**Warning: the machine was busy with other work during this run (load average above the core count): absolute numbers are inflated and noisy; compare the ratios, and re-run on a quiet machine.**'] : []),
  ].join('\n');
  console.log(`\n${header}\n\n${table}`);
  const out = join(benchDir, 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'latest.json'), `${JSON.stringify({ meta, rows, raw }, null, 2)}\n`);
  writeFileSync(join(out, 'latest.md'), `${header}\n\n${table}\n`);
  log(`\nwrote bench/results/latest.json and bench/results/latest.md (${meta.durationSeconds} s)`);
  process.exit(broken ? 1 : 0);
}

if (!inNamespace() && canUnshare()) {
  // 5,000 connections need 10,000+ descriptors (both ends live on this machine): raise the soft limit.
  const script = `ulimit -n 65536 2>/dev/null || ulimit -n 20000 2>/dev/null; ip link set lo up && exec "${process.execPath}" "${self}" "$@"`;
  const child = spawn('unshare', ['-n', 'sh', '-c', script, 'sh', ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, RTC_TEST_IN_NETNS: '1' },
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  await main();
}
