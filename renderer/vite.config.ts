import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// (import.meta.dirname instead of node:path: this file sits under the renderer's lint rules.)
const root = import.meta.dirname;

// The renderer is loaded from files inside the app (and over http in the e2e tests), so every
// URL is relative (base './'). CSS is emitted as files so the CSP can keep style-src 'self'.
export default defineConfig({
  root,
  base: './',
  plugins: [svelte({ emitCss: true, compilerOptions: { css: 'external' } })],
  resolve: {
    // The contract types in electron/shared, imported type-only by the renderer.
    alias: { '@shared': `${root}/../electron/shared` },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'chrome120',
    // Inlined assets would be data: URLs: keep them as files, as the CSP wants.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    rollupOptions: {
      input: { popover: `${root}/index.html`, settings: `${root}/settings.html` },
    },
  },
});
