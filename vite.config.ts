import react from '@vitejs/plugin-react'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
import { mqttFromSources } from './scripts/vite/mqtt-worker.ts'

const srcDir = fileURLToPath(new URL('./src', import.meta.url))

// The app lives in src/ (index.html included) so the repository root stays clean; the build goes
// to dist/, which the server serves.
export default defineConfig({
  root: srcDir,
  publicDir: fileURLToPath(new URL('./public', import.meta.url)),
  plugins: [react()],
  resolve: { alias: { '@': srcDir } },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
  },
  // The worker bundles MQTT.js from its sources with browser-only shims (scripts/vite/mqtt-worker.ts).
  worker: { format: 'es', plugins: () => [mqttFromSources()] },
  server: {
    // The dev server passes the broker, the bridge and the API to `npm start`'s server. The Host and
    // Origin headers are kept as the browser sent them (no changeOrigin): in loopback mode the bridge
    // accepts only a page whose Origin is http://<its Host>, which localhost:5173 still is.
    proxy: {
      '/mqtt': { target: 'ws://127.0.0.1:8080', ws: true },
      '/bridge': { target: 'ws://127.0.0.1:8080', ws: true },
      '/api': 'http://127.0.0.1:8080',
    },
  },
  test: {
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['src/**/*.test.{ts,tsx}', 'server/**/*.test.ts', 'bench/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
})
