import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { cspSafeDesignSystem } from './renderer/build/cspSafeDesignSystem';

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), cspSafeDesignSystem()],
  build: { outDir: '../dist/renderer', emptyOutDir: true, sourcemap: true, target: 'chrome130' },
});
