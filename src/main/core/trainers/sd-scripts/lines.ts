/**
 * What kohya sd-scripts prints (trainers.md C.5, and the real bytes in shared/fixtures/real-sdscripts-cpu):
 * the `steps` tqdm bar with `avr_loss` on stderr, `epoch N/M` and `saving checkpoint: …` on stdout, the
 * "running training" block, caching and sample-generation log lines.
 */
import type { LineFacts } from '../runtime';

// steps:  10%|█         | 1/10 [00:01<00:09,  1.06s/it, avr_loss=1.18]
const stepBar =
  /^steps:\s+\d+%\|[^|]*\|\s*(\d+)\/(\d+) \[([\d:]+)<([\d:?]+),\s*([\d.?]+)(it\/s|s\/it)(?:, (.*))?\]/;
// Colab's bar without its blocks: "steps:   0% 0/2300 [00:01<?, ?it/s]"
const plainStepBar =
  /^steps:\s+\d+% (\d+)\/(\d+) \[([\d:]+)<([\d:?]+),\s*([\d.?]+)(it\/s|s\/it)(?:, (.*))?\]/;

/** "01:02:03" or "02:03" as seconds; "?" as null. */
export function readClock(text: string): number | null {
  if (!/^\d+(:\d{2}){1,2}$/.test(text)) return null;
  return text.split(':').reduce((total, part) => total * 60 + Number(part), 0);
}

/** tqdm's postfix, "a=1, b=x" (keys sorted by tqdm), as numbers where they are numbers. */
export function readPostfix(text: string | undefined): Record<string, number> {
  const values: Record<string, number> = {};
  for (const pair of (text ?? '').split(', ')) {
    const at = pair.indexOf('=');
    if (at < 0) continue;
    const value = Number(pair.slice(at + 1));
    if (Number.isFinite(value) || /^(nan|inf)$/i.test(pair.slice(at + 1))) values[pair.slice(0, at)] = value;
  }
  return values;
}

export function readSdScriptsLine(text: string): LineFacts | null {
  const bar = stepBar.exec(text) ?? plainStepBar.exec(text);
  if (bar) {
    const [, n, total, , remaining, rate, unit, postfix] = bar;
    const facts: LineFacts = { step: Number(n), total: Number(total), fromStepBar: true };
    const value = Number(rate);
    if (rate !== '?' && value > 0) facts.itPerSec = unit === 's/it' ? 1 / value : value;
    facts.etaSeconds = readClock(remaining ?? '?');
    const extras = readPostfix(postfix);
    if (extras.avr_loss !== undefined && Number.isFinite(extras.avr_loss))
      facts.smoothedLoss = extras.avr_loss;
    return facts;
  }
  let match = /^epoch (\d+)\/(\d+)$/.exec(text);
  if (match) return { epoch: Number(match[1]), epochs: Number(match[2]), phase: 'training' };
  if (/^saving checkpoint: /.test(text) || /\bsaving state at (epoch|step)\b/.test(text))
    return { phase: 'saving' };
  if (/generating sample images at step/.test(text)) return { phase: 'sampling' };
  if (/\bcaching latents\b|\bcaching (Text Encoder|text encoder) outputs?\b/i.test(text))
    return { phase: 'caching' };
  if (/\bmodel saved\.\s+\S*$|\bmodel saved\.$/.test(text.trim())) return { phase: 'finished' };
  match = /^\s*total optimization steps \/ .*?: (\d+)$/.exec(text);
  if (match) return { total: Number(match[1]) };
  match = /^\s*num epochs \/ .*?: (\d+)$/.exec(text);
  if (match) return { epochs: Number(match[1]) };
  return null;
}
