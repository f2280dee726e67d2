/**
 * The prompts' words for the column headings, where the job's config keeps them (sd-scripts' form:
 * `sample_prompts_list`, written to the prompts file at launch). Elsewhere: none, and the columns are
 * "Prompt 1", "Prompt 2"….
 */
import type { TrainerConfig } from '../../../../../shared/contract';

export function samplePrompts(config: TrainerConfig): string[] {
  const list = config.values.sample_prompts_list;
  if (!Array.isArray(list)) return [];
  return list.map((item: unknown) => {
    const prompt = typeof item === 'object' && item !== null ? (item as { prompt?: unknown }).prompt : null;
    return typeof prompt === 'string' ? prompt : '';
  });
}

export function promptHeading(index: number): string {
  return `Prompt ${index + 1}`;
}
