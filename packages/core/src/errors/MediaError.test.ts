import { expect } from '@open-wc/testing';
import { MediaError } from './MediaError.js';

// Issue 17: a display-less Firefox rejects getDisplayMedia with NotFoundError, which was reported as
// `device-in-use` ("Screen sharing failed"). Real DOMExceptions, as the browser throws them.
describe('MediaError.fromGetDisplayMedia', () => {
  const cases: Array<[name: string, code: string]> = [
    ['NotFoundError', 'device-not-found'],
    ['NotAllowedError', 'device-denied'],
    ['SecurityError', 'device-denied'],
    ['InvalidStateError', 'invalid-state'],
    ['NotReadableError', 'device-in-use'],
    ['AbortError', 'device-in-use'],
  ];
  for (const [name, code] of cases) {
    it(`maps ${name} to ${code}`, () => {
      const cause = new DOMException('The object can not be found here.', name);
      const error = MediaError.fromGetDisplayMedia(cause);
      expect(error).to.be.instanceOf(MediaError);
      expect(error.code).to.equal(code);
      expect(error.cause).to.equal(cause);
    });
  }

  it('says there is nothing to share for NotFoundError, not that the device is busy', () => {
    const error = MediaError.fromGetDisplayMedia(new DOMException('The object can not be found here.', 'NotFoundError'));
    expect(error.message).to.match(/found nothing to share/);
    expect(error.message).to.contain('NotFoundError');
  });

  it('keeps getUserMedia’s mapping (NotFoundError is device-not-found there too)', () => {
    expect(MediaError.fromGetUserMedia(new DOMException('x', 'NotFoundError'), 'videoinput').code).to.equal('device-not-found');
    expect(MediaError.fromGetUserMedia(new DOMException('x', 'NotReadableError'), 'videoinput').code).to.equal('device-in-use');
  });
});
