/** The page's settings, from its URL: `?style=element|core&room=…&name=…&server=ws://host/ws`. */
const params = new URLSearchParams(location.search);
export const style = params.get('style') === 'core' ? 'core' : 'element';
export const roomName = params.get('room') || 'react-demo';
export const displayName = params.get('name') || 'Guest';
/** Default: the signaling server that served this page (`rtc-room-server --static examples/react/dist`). */
export const server = params.get('server') || `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
