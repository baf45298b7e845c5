import { createApp, type Component } from 'vue';
import { style } from './params.js';

// Each style is its own chunk: the core style never loads Lit or the elements.
const App = ((await (style === 'core' ? import('./CoreStyle.vue') : import('./ElementStyle.vue'))) as { default: Component }).default;
const app = createApp(App);
app.mount('#app');

// For the end-to-end test: unmount the whole app (listeners must be gone, an owned room left).
window.rtcExample = { ...window.rtcExample, unmount: () => app.unmount() };
