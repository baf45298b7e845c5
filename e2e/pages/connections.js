// Shared by the e2e pages (room.html, large-room.html): keeps every RTCPeerConnection the page opens, so a test can
// read the raw inbound-rtp reports (what the browser really receives and decodes). Import it before the SDK opens
// any connection.
export const connections = [];
const Native = window.RTCPeerConnection;
window.RTCPeerConnection = class extends Native {
  constructor(config) {
    super(config);
    connections.push(this);
  }
};
