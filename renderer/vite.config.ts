import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

// The renderer is loaded from files inside the app (and over http in the e2e tests), so every
// URL is relative (base './'). CSS is emitted as files so the CSP can keep style-src 'self'.
export default defineConfig({
  root,
  base: './',
  plugins: [svelte({ emitCss: true, compilerOptions: { css: 'external' } })],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'chrome120',
    // Inlined assets would be data: URLs, and small scripts inline ones: keep both as files.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    rollupOptions: {
      input: {
        popover: fileURLToPath(new URL('index.html', import.meta.url)),
        settings: fileURLToPath(new URL('settings.html', import.meta.url)),
      },
    },
  },
});
