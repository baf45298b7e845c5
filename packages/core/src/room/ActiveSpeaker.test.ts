// The active-speaker decision on a fake clock: debounce, hold through short gaps, hysteresis, mute.
import { expect } from '@open-wc/testing';
import { ActiveSpeaker } from './ActiveSpeaker.js';

function setup(): { speaker: ActiveSpeaker; changes: Array<string | null>; at: (ms: number) => void } {
  let now = 0;
  const changes: Array<string | null> = [];
  const speaker = new ActiveSpeaker((id) => changes.push(id), () => now);
  return {
    speaker,
    changes,
    at: (ms) => {
      now = ms;
      speaker.tick();
    },
  };
}

/** Level samples every 250 ms from `from` to `to`: `level(t)` per sample. */
function samples(s: ReturnType<typeof setup>, id: string, from: number, to: number, level: (t: number) => number): void {
  for (let t = from; t <= to; t += 250) {
    s.at(t);
    s.speaker.level(id, level(t));
  }
}

describe('ActiveSpeaker', () => {
  it('talking events: a speaker wins after 400 ms of a spurt, even when the events flap every 200 ms', () => {
    const s = setup();
    for (let t = 0; t < 2000; t += 200) {
      s.at(t);
      s.speaker.talking('a', (t / 200) % 2 === 0);
    }
    s.at(2000);
    expect(s.changes).to.deep.equal(['a']);
    s.speaker.stop();
  });

  it('levels: a periodic beep (voice in every other sample) wins; one loud sample (a cough) does not', () => {
    const s = setup();
    s.speaker.level('a', 0); // silence
    s.at(0);
    s.speaker.level('cough', 0.5);
    samples(s, 'cough', 250, 2000, () => 0);
    expect(s.changes, 'after a cough').to.deep.equal([]);
    samples(s, 'beep', 2000, 4000, (t) => (t % 500 === 0 ? 0.3 : 0));
    expect(s.changes).to.deep.equal(['beep']);
    s.speaker.stop();
  });

  it('hysteresis: a fading voice keeps its spurt down to the lower threshold', () => {
    const s = setup();
    samples(s, 'a', 0, 500, () => 0.05);
    s.speaker.level('b', 0.015); // too soft to start a spurt
    s.at(600);
    expect(s.changes).to.deep.equal(['a']);
    // 0.015 continues a spurt, though: b cannot take over while a still talks softly.
    for (let t = 750; t <= 3000; t += 250) {
      s.at(t);
      s.speaker.level('a', 0.015);
      s.speaker.level('b', 0.2);
    }
    expect(s.changes).to.deep.equal(['a']);
    s.speaker.stop();
  });

  it('the speaker stays until someone else talks; a muted one stops at once; one who leaves is dropped', () => {
    const s = setup();
    samples(s, 'a', 0, 500, () => 0.3);
    samples(s, 'a', 750, 5000, () => 0);
    expect(s.changes, 'silence keeps the last speaker').to.deep.equal(['a']);
    s.at(6000);
    s.speaker.talking('b', true);
    s.at(6350);
    expect(s.changes, 'not yet: 350 ms').to.deep.equal(['a']);
    s.at(6450);
    expect(s.changes).to.deep.equal(['a', 'b']);
    s.speaker.talking('a', true);
    s.speaker.silence('b');
    s.at(6900);
    expect(s.changes, 'b muted: a, talking now, takes over').to.deep.equal(['a', 'b', 'a']);
    s.speaker.forget('a');
    expect(s.changes).to.deep.equal(['a', 'b', 'a', null]);
    s.speaker.stop();
  });
});
