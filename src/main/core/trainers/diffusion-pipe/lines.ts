/**
 * What diffusion-pipe prints (diffusion-pipe.md §4.1): DeepSpeed's `steps: N loss: X iter time (s): T
 * samples/sec: S` per step, the `[Rank 0] step=N, skipped=…, lr=[…]` log line, `Started new epoch: N`,
 * `Saving model to directory …`, caching lines, and `TRAINING COMPLETE!`.
 */
import type { LineFacts } from '../runtime';

const number = '([-+]?(?:\\d+\\.?\\d*(?:[eE][-+]?\\d+)?|nan|inf))';
const stepLine = new RegExp(
  `^steps: (\\d+) loss: ${number} iter time \\(s\\): ([\\d.]+) samples/sec: ([\\d.]+)`,
);
const lrLine = new RegExp(`\\[Rank 0\\] step=(\\d+), skipped=\\d+, lr=\\[${number}`);

export function readDiffusionPipeLine(text: string): LineFacts | null {
  let match = stepLine.exec(text);
  if (match) {
    const iterTime = Number(match[3]);
    // NaN and inf travel as "unknown" (JSON has no NaN); the exit reason reads them from the log.
    const loss = Number(match[2]);
    const facts: LineFacts = { step: Number(match[1]), loss: Number.isFinite(loss) ? loss : null };
    if (iterTime > 0) facts.itPerSec = 1 / iterTime;
    return facts;
  }
  match = lrLine.exec(text);
  if (match) return { lr: Number(match[2]) };
  match = /^Started new epoch: (\d+)/.exec(text);
  if (match) return { epoch: Number(match[1]), phase: 'training' };
  if (/^Saving model to directory /.test(text) || /Saving model checkpoint: /.test(text))
    return { phase: 'saving' };
  if (/^TRAINING COMPLETE!/.test(text)) return { phase: 'finished' };
  if (/^caching (latents|text embeddings): |^\[CACHE\] |^Map \(num_proc=\d+\)/.test(text))
    return { phase: 'caching' };
  match = /^Resuming training from checkpoint\. Resuming at epoch: (\d+), step: (\d+)/.exec(text);
  if (match) return { epoch: Number(match[1]), step: Number(match[2]) };
  return null;
}
