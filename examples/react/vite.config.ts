import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  // Relative URLs: the build works under any path (the test serves it at /react/).
  base: './',
  build: { target: 'es2022' },
});
