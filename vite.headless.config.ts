// The headless host (`dpgui serve`): plain Node, no Electron. Dependencies stay external (they are
// installed beside it); the renderer it serves is the one electron-vite builds into out/renderer.
import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    ssr: true,
    outDir: 'out/headless',
    target: 'node20',
    emptyOutDir: true,
    rolldownOptions: {
      // The dataset scan runs in a worker thread, which loads its own file beside the bundle.
      input: {
        cli: 'src/main/hosts/headless/cli.ts',
        'dataset-scan-worker': 'src/main/core/datasets/scan/scan-worker.ts',
      },
      output: { entryFileNames: '[name].js', format: 'es' },
    },
  },
});
