/**
 * One signaling connection: decodes frames, validates them, and applies join / signal /
 * broadcast / leave against the {@link RoomRegistry}. Never throws to its caller.
 *
 * @packageDocumentation
 */
import { randomUUID } from 'node:crypto';
import { WebSocket } from 'ws';
import { ProtocolError } from './errors.js';
import type { Logger } from './logger.js';
import { parseClientMessage, type ClientMessage, type IceServer, type Payload, type ServerMessage } from './protocol.js';
import { toPeerInfo, type Participant, type RoomRegistry } from './rooms.js';

/** What a connection needs from its server. */
export interface ConnectionContext {
  registry: RoomRegistry;
  maxParticipantsPerRoom: number;
  iceServers: IceServer[];
  log: Logger;
}

/** Binds a WebSocket to the room logic. Create one per accepted socket. */
export class Connection {
  /** Random id of the socket, used only in logs (not the participant id). */
  readonly connId = randomUUID();
  #participant: Participant | undefined;

  constructor(
    private readonly socket: WebSocket,
    private readonly remote: string,
    private readonly ctx: ConnectionContext,
  ) {}

  /** The participant while joined, else `undefined`. */
  get participant(): Participant | undefined {
    return this.#participant;
  }

  /** Handles one incoming frame. Every failure becomes an `error` reply; nothing escapes. */
  receive(data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): void {
    try {
      if (isBinary) {
        throw new ProtocolError('invalid-message', 'binary frames are not supported; send JSON text', 'binary-frame');
      }
      const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
      const parsed = parseClientMessage(text);
      if (!parsed.ok) throw new ProtocolError(parsed.code, parsed.message, parsed.reason, parsed.ref);
      this.#dispatch(parsed.message);
    } catch (error) {
      this.#fail(error);
    }
  }

  /** The socket closed (for any reason): leave the room, telling the others. */
  closed(code: number): void {
    try {
      this.#leave('close', code);
    } catch (error) {
      this.ctx.log({ event: 'internal-error', where: 'close', conn: this.connId, error: describe(error) });
    }
  }

  #dispatch(message: ClientMessage): void {
    switch (message.type) {
      case 'join':
        return this.#join(message.room, message.name);
      case 'signal':
        return this.#signal(message.to, message.payload);
      case 'broadcast':
        return this.#broadcast(message.payload);
      case 'leave':
        if (!this.#participant) throw ProtocolError.notJoined('leave');
        return this.#leave('leave');
    }
  }

  #join(room: string, name: string): void {
    if (this.#participant) throw ProtocolError.alreadyJoined();
    const result = this.ctx.registry.join(room, name, (data) => this.#sendRaw(data));
    if (!result.ok) throw ProtocolError.roomFull(this.ctx.maxParticipantsPerRoom);
    const { participant, others } = result;
    this.#participant = participant;
    const announcement = JSON.stringify({ type: 'peer-joined', peer: toPeerInfo(participant) } satisfies ServerMessage);
    for (const other of others) other.deliver(announcement);
    const joined: ServerMessage = {
      type: 'joined',
      id: participant.id,
      room,
      peers: others.map(toPeerInfo),
      ...(this.ctx.iceServers.length > 0 ? { iceServers: this.ctx.iceServers } : {}),
    };
    this.#send(joined);
    this.ctx.log({
      event: 'join',
      conn: this.connId,
      id: participant.id,
      roomLength: room.length,
      nameLength: name.length,
      peers: others.length,
    });
  }

  #signal(to: string, payload: Payload): void {
    const sender = this.#participant;
    if (!sender) throw ProtocolError.notJoined('signal');
    const target = this.ctx.registry.find(sender.room, to);
    if (!target || target.id === sender.id) throw ProtocolError.unknownPeer();
    target.deliver(JSON.stringify({ type: 'signal', from: sender.id, payload } satisfies ServerMessage));
  }

  #broadcast(payload: Payload): void {
    const sender = this.#participant;
    if (!sender) throw ProtocolError.notJoined('broadcast');
    // Serialize once for all recipients; `from` always comes from the connection, never the client.
    const data = JSON.stringify({ type: 'signal', from: sender.id, payload } satisfies ServerMessage);
    for (const other of this.ctx.registry.others(sender.room, sender.id)) other.deliver(data);
  }

  #leave(why: 'leave' | 'close', closeCode?: number): void {
    const participant = this.#participant;
    if (!participant) return;
    this.#participant = undefined;
    const remaining = this.ctx.registry.leave(participant);
    const data = JSON.stringify({ type: 'peer-left', id: participant.id } satisfies ServerMessage);
    for (const other of remaining) other.deliver(data);
    this.ctx.log({
      event: 'leave',
      conn: this.connId,
      id: participant.id,
      why,
      ...(closeCode !== undefined ? { closeCode } : {}),
      remaining: remaining.length,
    });
  }

  #fail(error: unknown): void {
    const refusal =
      error instanceof ProtocolError
        ? error
        : new ProtocolError('internal', 'internal server error', 'internal');
    if (refusal.code === 'internal') {
      this.ctx.log({ event: 'internal-error', conn: this.connId, remote: this.remote, error: describe(error) });
    } else {
      this.ctx.log({
        event: 'refusal',
        conn: this.connId,
        code: refusal.code,
        reason: refusal.reason,
        remote: this.remote,
      });
    }
    try {
      this.#send({
        type: 'error',
        code: refusal.code,
        message: refusal.message,
        ...(refusal.ref !== undefined ? { ref: refusal.ref } : {}),
      });
    } catch (sendError) {
      this.ctx.log({ event: 'internal-error', where: 'send-error', conn: this.connId, error: describe(sendError) });
    }
  }

  #send(message: ServerMessage): void {
    this.#sendRaw(JSON.stringify(message));
  }

  #sendRaw(data: string): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(data);
  }
}

/** A log-safe description of an unexpected error: its name and message, never a payload. */
function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 200);
  return typeof error;
}
