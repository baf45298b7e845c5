import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  plugins: [
    vue({
      // <rtc-room> and the tags it renders are custom elements, not Vue components.
      template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('rtc-') } },
    }),
  ],
  // Relative URLs: the build works under any path (the test serves it at /vue/).
  base: './',
  build: { target: 'es2022' },
});
