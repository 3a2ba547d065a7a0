import { isSeenFrom } from './visibility';

describe('who sees an entity', () => {
  it('its own environment sees it, a sibling environment does not', () => {
    expect(isSeenFrom({ projectId: 1, environmentId: 10 }, 1, 10)).toBe(true);
    expect(isSeenFrom({ projectId: 1, environmentId: 10 }, 1, 11)).toBe(false);
  });

  it('every environment of its project sees it once project-wide, another project does not', () => {
    expect(isSeenFrom({ projectId: 1, environmentId: null }, 1, 11)).toBe(true);
    expect(isSeenFrom({ projectId: 1, environmentId: null }, 2, 20)).toBe(false);
  });
});
