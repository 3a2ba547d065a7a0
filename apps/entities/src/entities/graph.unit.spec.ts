import { ValidationError, type entities } from '@strata/contracts';
import { assertReferencesVisible, deletionBlockers, demotionBlockers, promotionOf, type GraphNode } from './graph';

const node = (id: string, kind: entities.EntityKind, environmentId: number | null, references: string[] = []): GraphNode => ({
  id, kind, environmentId, references: references.map((to, i) => ({ kind: 'cohort', id: to, field: `refs.${i}` })),
});
const graph = (...nodes: GraphNode[]) => new Map(nodes.map((n) => [n.id, n]));

describe('the graph rules', () => {
  it('let an entity reference only what its environment sees: its own or project-wide, of the right kind', () => {
    const targets = graph(node('own', 'cohort', 1), node('shared', 'cohort', null), node('sibling', 'cohort', 2), node('action', 'action', 1));
    const ref = (id: string) => [{ kind: 'cohort' as const, id, field: 'filters.cohort_ids.0' }];
    expect(() => assertReferencesVisible(ref('own'), targets, 1)).not.toThrow();
    expect(() => assertReferencesVisible(ref('shared'), targets, 1)).not.toThrow();
    for (const id of ['sibling', 'action', 'absent']) {
      expect(() => assertReferencesVisible(ref(id), targets, 1)).toThrow(expect.objectContaining({ attr: 'filters.cohort_ids.0' }) as ValidationError);
    }
  });

  it('promote everything environment-specific a root reaches, and nothing already project-wide', () => {
    const nodes = graph(node('dashboard', 'dashboard', 1, ['insight']), node('insight', 'insight', 1, ['outer', 'shared']), node('outer', 'cohort', 1, ['inner']),
      node('inner', 'cohort', 1), node('shared', 'cohort', null, ['inner']));
    expect(promotionOf(['dashboard'], nodes).map((n) => n.id).sort()).toEqual(['dashboard', 'inner', 'insight', 'outer']);
    expect(promotionOf(['shared'], nodes).map((n) => n.id)).toEqual([]);
  });

  it('block a demotion with whatever outside the environment holds on, and a deletion with any entity', () => {
    const holders = [
      { dependent: { kind: 'insight' as const, id: 'same-env' }, environmentId: 1 },
      { dependent: { kind: 'insight' as const, id: 'project-wide' }, environmentId: null },
      { dependent: { kind: 'environment' as const, id: 2 }, environmentId: 2 },
    ];
    expect(demotionBlockers(holders, 1)).toEqual([{ kind: 'insight', id: 'project-wide' }, { kind: 'environment', id: 2 }]);
    expect(deletionBlockers(holders)).toEqual([{ kind: 'insight', id: 'same-env' }, { kind: 'insight', id: 'project-wide' }]);
    expect(demotionBlockers([], 1)).toEqual([]);
  });
});
