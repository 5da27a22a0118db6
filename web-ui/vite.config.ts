import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Served by hotlined at / (console under /console, wallboard under /wallboard).
// Hashed files land in dist/assets/, which hotlined serves as immutable.
export default defineConfig({
  plugins: [react()],
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // antd and echarts are large by nature; they are cached forever once loaded.
    chunkSizeWarningLimit: 1500,
    sourcemap: false,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
