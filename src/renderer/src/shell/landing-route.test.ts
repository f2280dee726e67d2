import { describe, expect, it } from 'vitest';
import { landingRoute, routeOfHash } from './landing-route';

describe('landing on a shared link after the key arrives', () => {
  it('reads the route a fragment names, and nothing from a key or an empty fragment', () => {
    expect(routeOfHash('#/jobs/j-1')).toBe('/jobs/j-1');
    expect(routeOfHash('#token=abc')).toBeNull();
    expect(routeOfHash('')).toBeNull();
    expect(routeOfHash('#/')).toBeNull();
  });

  it('goes to the kept route only when the address names none itself', () => {
    expect(landingRoute('', '/jobs/j-1')).toBe('/jobs/j-1');
    expect(landingRoute('#/gpus', '/jobs/j-1')).toBeNull();
    expect(landingRoute('', null)).toBeNull();
    expect(landingRoute('', 'javascript:alert(1)')).toBeNull();
  });
});
