import { defineConfig } from 'vite';

// The console is built into web/dist, which the NestJS process serves at / (src/infra/http/web-console.ts).
// `npm run dev:web` serves it with live reload on :5173 and passes API calls to a running API (API_URL, default :3000).
const api = process.env.API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: __dirname,
  publicDir: 'public',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // one chunk for the component library, one for the app: the library's long-cached file survives app releases;
    // the chart library in a chunk of its own, loaded only with the statistics page (a lazy route)
    rolldownOptions: {
      // antd marks its modules "use client" (for server components); meaningless in a browser-only bundle
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
      output: {
        manualChunks: (id: string) =>
          /node_modules[\\/](echarts|zrender)[\\/]/.test(id) ? 'charts' : id.includes('node_modules') ? 'vendor' : undefined,
      },
    },
    chunkSizeWarningLimit: 2500,
  },
  server: {
    port: 5173,
    proxy: {
      '/api': api,
      '/admin/queues': api,
      '/docs': api,
      '/health': api,
    },
  },
});
