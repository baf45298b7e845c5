import { expect } from '@open-wc/testing';
import { MAX_PARTIALS, Reassembler } from './Reassembler.js';
import { CHUNK_BYTES, encodeChunks, encoder, parseChunk, type Chunk } from './wire.js';

const from = encoder.encode('peer-a');
const chunksOf = (id: number, size: number, topic = ''): Chunk[] =>
  encodeChunks(id, from, encoder.encode(topic), new Uint8Array(size).map((_, i) => i & 255), true, true).map((c) => parseChunk(c.buffer)!);

describe('data framing and reassembly', () => {
  it('splits into chunks of at most 16 KiB that parse back to the same fields', () => {
    const raw = encodeChunks(9, from, encoder.encode('t'), new Uint8Array(40_000), false, false);
    expect(raw.length).to.equal(3);
    expect(raw.every((c) => c.length <= CHUNK_BYTES)).to.equal(true);
    const first = parseChunk(raw[0]!.buffer)!;
    expect(first).to.include({ id: 9, index: 0, count: 3, size: 40_000, binary: false, reliable: false, from: 'peer-a', topic: 't' });
    expect(parseChunk(new Uint8Array([1, 2, 3]).buffer)).to.equal(undefined);
    expect(parseChunk(new ArrayBuffer(40))).to.equal(undefined); // no magic byte
  });

  it('reassembles out of order and ignores duplicates', () => {
    const r = new Reassembler();
    const parts = chunksOf(1, 50_000);
    expect(r.add('a', parts[2]!, 1e6)).to.equal(undefined);
    expect(r.add('a', parts[2]!, 1e6)).to.equal(undefined);
    expect(r.add('a', parts[0]!, 1e6)).to.equal(undefined);
    expect(r.add('a', parts[1]!, 1e6)).to.equal(undefined);
    const whole = r.add('a', parts[3]!, 1e6) as Uint8Array;
    expect(whole.length).to.equal(50_000);
    expect(whole.every((b, i) => b === (i & 255))).to.equal(true);
  });

  it('refuses a message announcing more than the limit, and keeps at most 4 partial messages per sender', () => {
    const r = new Reassembler();
    const big = chunksOf(1, 100_000);
    expect(r.add('a', big[0]!, 50_000)).to.equal('too-large');
    expect(r.add('a', big[1]!, 50_000)).to.equal(undefined);
    // MAX_PARTIALS + 1 messages started: the oldest is dropped, its last chunk completes nothing.
    const started = Array.from({ length: MAX_PARTIALS + 1 }, (_, i) => chunksOf(10 + i, 20_000));
    for (const m of started) expect(r.add('b', m[0]!, 1e6)).to.equal(undefined);
    expect(r.add('b', started[0]![1]!, 1e6)).to.equal(undefined);
    expect((r.add('b', started[MAX_PARTIALS]![1]!, 1e6) as Uint8Array).length).to.equal(20_000);
  });

  it('drops a message whose chunks carry more bytes than announced or disagree on the count', () => {
    const r = new Reassembler();
    const parts = chunksOf(3, 20_000);
    const liar = { ...parts[1]!, body: new Uint8Array(parts[1]!.body.length + 5) };
    expect(r.add('a', parts[0]!, 1e6)).to.equal(undefined);
    expect(r.add('a', liar, 1e6)).to.equal(undefined);
    expect(r.add('a', { ...parts[1]!, count: 5 }, 1e6)).to.equal(undefined);
    expect(r.add('a', parts[1]!, 1e6)).to.equal(undefined); // the partial was dropped with the liar
  });
});
