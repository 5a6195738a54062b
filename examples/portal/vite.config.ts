import { defineConfig, type ProxyOptions } from 'vite';

// Caravan sends no CORS headers, so the page calls it on its own origin: in development and
// preview Vite forwards /v1 (the API and its event streams) to CARAVAN_URL; in production,
// whatever serves the built files does the same.
const proxy: Record<string, ProxyOptions> = {
  '/v1': { target: process.env.CARAVAN_URL ?? 'http://127.0.0.1:7420' },
};

export default defineConfig({
  server: { host: '127.0.0.1', proxy },
  preview: { host: '127.0.0.1', proxy },
});
