// The headless host (`dpgui serve`): plain Node, no Electron. Dependencies stay external (they are
// installed beside it); the renderer it serves is the one electron-vite builds into out/renderer.
import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    ssr: 'src/main/hosts/headless/cli.ts',
    outDir: 'out/headless',
    target: 'node20',
    emptyOutDir: true,
    rolldownOptions: { output: { entryFileNames: 'cli.js', format: 'es' } },
  },
});
