import { expect } from '@open-wc/testing';
import { SafeEmitter } from './safe-emitter.js';

interface Events {
  tick(n: number): void;
}

describe('SafeEmitter', () => {
  it('runs every listener even when one throws, and reports the throw', () => {
    const reported: unknown[] = [];
    const emitter = new SafeEmitter<Events>((error) => reported.push(error));
    const calls: string[] = [];
    emitter.on('tick', (n) => calls.push(`first:${n}`));
    emitter.on('tick', () => {
      throw new Error('boom');
    });
    emitter.on('tick', (n) => calls.push(`third:${n}`));
    emitter.emit('tick', 7);
    expect(calls).to.deep.equal(['first:7', 'third:7']);
    expect(reported).to.have.length(1);
    expect((reported[0] as Error).message).to.equal('boom');
  });

  it('unsubscribes, also from inside a listener during emit', () => {
    const emitter = new SafeEmitter<Events>();
    const calls: number[] = [];
    const off = emitter.on('tick', (n) => {
      calls.push(n);
      off();
    });
    emitter.on('tick', (n) => calls.push(n * 10));
    emitter.emit('tick', 1);
    emitter.emit('tick', 2);
    expect(calls).to.deep.equal([1, 10, 20]);
  });
});
