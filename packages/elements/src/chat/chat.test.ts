import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { RtcError, Room, WebSocketSignaling, type DataMessage } from '@rtc-room/core';
import { waitFor } from '@rtc-room/core/testing';
import { FakeParticipant, FakeRoom } from '../test-support/fake-room.js';
import './chat.js';
import type { RtcChatElement } from './chat.component.js';

declare global {
  interface Window {
    RTC_TEST_SIGNALING_URL?: string;
  }
}

const part = (el: RtcChatElement, name: string): HTMLElement => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`)!;
const texts = (el: RtcChatElement): string[] => [...el.shadowRoot!.querySelectorAll('[part~=text]')].map((p) => p.textContent!);

function message(from: FakeParticipant, payload: string | ArrayBuffer, topic: string | undefined = 'rtc-chat'): DataMessage {
  return { from: from as never, payload, reliable: true, ...(topic === undefined ? {} : { topic }) };
}

async function type(el: RtcChatElement, text: string): Promise<void> {
  part(el, 'input').focus();
  await sendKeys({ type: text });
  await sendKeys({ press: 'Enter' });
}

describe('<rtc-chat>', () => {
  it('is accessible: a log region, a labelled input and a send button', async () => {
    const el = await fixture<RtcChatElement>(html`<rtc-chat></rtc-chat>`);
    const log = part(el, 'log');
    expect(log.getAttribute('role')).to.equal('log');
    expect(log.getAttribute('aria-label')).to.equal('Chat messages');
    const input = part(el, 'input') as HTMLInputElement;
    expect(el.shadowRoot!.querySelector(`label[for="${input.id}"]`)!.textContent).to.equal('Message');
    expect(part(el, 'send-button').getAttribute('type')).to.equal('submit');
    expect(part(el, 'empty').textContent).to.equal('No messages yet.');
    await expect(el).shadowDom.to.be.accessible();
  });

  it('sends with Enter on its topic and shows the line as the local participant’s', async () => {
    const room = new FakeRoom();
    const el = await fixture<RtcChatElement>(html`<rtc-chat .room=${room.asRoom()}></rtc-chat>`);
    const added = oneEvent(el, 'rtc-chat-message');
    await type(el, 'hello there');
    const { detail } = await added;
    expect(room.calls).to.deep.include(['send', 'hello there', { topic: 'rtc-chat' }]);
    expect(detail.line).to.include({ text: 'hello there', mine: true, participantId: 'local', name: 'Ann' });
    await el.updateComplete;
    expect(texts(el)).to.deep.equal(['hello there']);
    expect(part(el, 'line').getAttribute('part')).to.equal('line line-mine');
    expect(part(el, 'name').textContent).to.equal('You');
    expect(part(el, 'time').getAttribute('datetime')).to.match(/^\d{4}-\d\d-\d\dT/);
    expect((part(el, 'input') as HTMLInputElement).value).to.equal('');
    // Blank lines are not sent.
    await type(el, '   ');
    expect(room.calls.filter((c) => c[0] === 'send')).to.have.length(1);
  });

  it('shows lines of its topic from others, with the sender’s name; ignores other topics and binary', async () => {
    const room = new FakeRoom();
    const el = await fixture<RtcChatElement>(html`<rtc-chat .room=${room.asRoom()}></rtc-chat>`);
    const bob = new FakeParticipant('b', 'Bob');
    room.emit('messageReceived', message(bob, 'cursor', 'cursor'));
    room.emit('messageReceived', message(bob, new ArrayBuffer(4)));
    room.emit('messageReceived', message(bob, 'hi Ann'));
    await el.updateComplete;
    expect(texts(el)).to.deep.equal(['hi Ann']);
    expect(part(el, 'name').textContent).to.equal('Bob');
    el.topic = 'team';
    room.emit('messageReceived', message(bob, 'on team', 'team'));
    await el.updateComplete;
    expect(texts(el)).to.deep.equal(['hi Ann', 'on team']);
  });

  it('counts lines that arrive while it is not visible, and resets when seen', async () => {
    const room = new FakeRoom();
    const el = await fixture<RtcChatElement>(html`<rtc-chat .room=${room.asRoom()}></rtc-chat>`);
    const bob = new FakeParticipant('b', 'Bob');
    await waitFor(() => el.seen, 'the chat to be on screen');
    room.emit('messageReceived', message(bob, 'seen at once'));
    expect(el.unread).to.equal(0);
    el.style.display = 'none';
    await waitFor(() => !el.seen, 'the chat to be hidden');
    const counted = oneEvent(el, 'rtc-chat-unread');
    room.emit('messageReceived', message(bob, 'one'));
    expect((await counted).detail.unread).to.equal(1);
    room.emit('messageReceived', message(bob, 'two'));
    await el.updateComplete;
    expect(el.unread).to.equal(2);
    expect(el.getAttribute('unread')).to.equal('2');
    const reset = oneEvent(el, 'rtc-chat-unread');
    el.style.display = '';
    expect((await reset).detail.unread).to.equal(0);
  });

  it('reports a refused send as rtc-error and keeps the text', async () => {
    const room = new FakeRoom();
    const el = await fixture<RtcChatElement>(html`<rtc-chat .room=${room.asRoom()}></rtc-chat>`);
    room.failNext = new RtcError('invalid-state', 'send() needs a joined room.');
    const failed = oneEvent(el, 'rtc-error');
    await type(el, 'lost?');
    expect((await failed).detail.error.code).to.equal('invalid-state');
    expect((part(el, 'input') as HTMLInputElement).value).to.equal('lost?');
    expect(texts(el)).to.deep.equal([]);
  });

  it('two real rooms chat through the real signaling server and data channels', async function () {
    this.timeout(30_000);
    const name = `chat-${Date.now().toString(36)}`;
    const options = { room: name, audio: false, video: false } as const;
    const ann = new Room({ ...options, name: 'Ann', signaling: new WebSocketSignaling(window.RTC_TEST_SIGNALING_URL!) });
    const bob = new Room({ ...options, name: 'Bob', signaling: new WebSocketSignaling(window.RTC_TEST_SIGNALING_URL!) });
    try {
      await ann.join();
      await bob.join();
      const annChat = await fixture<RtcChatElement>(html`<rtc-chat .room=${ann}></rtc-chat>`);
      const bobChat = document.createElement('rtc-chat');
      bobChat.room = bob;
      annChat.after(bobChat);
      await waitFor(() => ann.participants.size === 1, 'Ann to see Bob');
      await type(annChat, 'Hi Bob!');
      await waitFor(() => texts(bobChat).length === 1, 'Bob’s chat to show the line', 20_000);
      expect(texts(bobChat)).to.deep.equal(['Hi Bob!']);
      expect(part(bobChat, 'name').textContent).to.equal('Ann');
    } finally {
      await Promise.all([ann.leave(), bob.leave()]);
    }
  });
});
