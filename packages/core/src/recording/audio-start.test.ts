import { expect } from '@open-wc/testing';
import { audioStartError } from './recorder.js';

// Issue 17: Firefox without an audio output device cannot run an AudioContext; startRecording() said "call
// startRecording() from a click" even when it was called from one. Only a blocked autoplay policy means that.
describe('startRecording(): why the AudioContext did not start', () => {
  it('blames the missing user gesture only when the autoplay policy blocks audio', () => {
    expect(audioStartError('disallowed', true, undefined).code).to.equal('invalid-state');
    expect(audioStartError('disallowed', true, undefined).message).to.contain('from a user gesture');
    // Chromium has no getAutoplayPolicy(): outside a gesture it is the gesture.
    expect(audioStartError(undefined, false, undefined).code).to.equal('invalid-state');
    expect(audioStartError(undefined, undefined, undefined).code).to.equal('invalid-state');
  });

  it('names the audio output when audio may play (Firefox from a click) and the context still does not run', () => {
    const cause = new DOMException('The audio device is not available.', 'NotSupportedError');
    const error = audioStartError('allowed', true, cause);
    expect(error.code).to.equal('recording-unsupported');
    expect(error.message).to.contain('audio output device');
    expect(error.message).to.contain('NotSupportedError');
    expect(error.message).not.to.contain('from a user gesture');
    expect(error.cause).to.equal(cause);
    expect(audioStartError(undefined, true, undefined).code).to.equal('recording-unsupported', 'called from a click');
    expect(audioStartError('allowed-muted', false, undefined).code).to.equal('recording-unsupported');
  });
});
