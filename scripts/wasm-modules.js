// The WebAssembly modules of src/, as text and as the generated module with their bytes.
import wabtInit from 'wabt';

export const wasmModules = [
  {
    wat: 'src/main/core/logs/scan/byte-scan.wat',
    ts: 'src/main/core/logs/scan/byte-scan-wasm.ts',
    name: 'byteScanWasm',
  },
];

/** The binary of one module's text (SIMD enabled), validated. */
export async function assembleWat(text, file) {
  const wabt = await wabtInit();
  const module = wabt.parseWat(file, text, { simd: true });
  try {
    module.validate();
    return module.toBinary({}).buffer;
  } finally {
    module.destroy();
  }
}
