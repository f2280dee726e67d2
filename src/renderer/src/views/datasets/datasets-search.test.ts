import { describe, expect, it } from 'vitest';
import { validateDatasetsSearch } from './datasets-search';

describe('validateDatasetsSearch', () => {
  it('keeps a dataset, its tab, image, tag and filter', () => {
    expect(
      validateDatasetsSearch({ id: 'ds1', tab: 'bulk', file: 'a/b.png', tag: 'red hair', show: 'problems' }),
    ).toEqual({ id: 'ds1', tab: 'bulk', file: 'a/b.png', tag: 'red hair', show: 'problems' });
  });

  it('drops defaults and anything malformed', () => {
    expect(validateDatasetsSearch({ id: 'ds1', tab: 'images', show: 'all' })).toEqual({ id: 'ds1' });
    expect(validateDatasetsSearch({ id: 'ds1', tab: 'nope', show: 3, file: '' })).toEqual({ id: 'ds1' });
    expect(validateDatasetsSearch({ tab: 'bulk', file: 'x.png' })).toEqual({});
  });

  it('reads a number-looking tag as text', () => {
    expect(validateDatasetsSearch({ id: 'ds1', tag: 42 })).toEqual({ id: 'ds1', tag: '42' });
  });
});
