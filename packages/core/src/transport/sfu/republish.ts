/**
 * Moves a published video to a new `sendonly` transceiver of the same publish connection: how an SFU stream changes
 * codec, since Janus VideoRoom keeps a published stream's codec for its life (it is chosen at the stream's first
 * offer). The old transceiver goes `inactive` (as a screen share that ended) and stops sending; the new one sends
 * the same track with `sendEncodings` (the camera's simulcast layers, if any). The caller renegotiates.
 * @returns the new transceiver's sender
 * @internal
 */
export async function moveToNewTransceiver(
  pc: RTCPeerConnection,
  sender: RTCRtpSender | undefined,
  track: MediaStreamTrack | null,
  sendEncodings: RTCRtpEncodingParameters[] | undefined,
): Promise<RTCRtpSender> {
  const old = pc.getTransceivers().find((t) => t.sender === sender);
  if (old) {
    old.direction = 'inactive';
    await old.sender.replaceTrack(null);
  }
  return pc.addTransceiver(track ?? 'video', { direction: 'sendonly', ...(sendEncodings ? { sendEncodings } : {}) }).sender;
}
