import type { entities, taxonomy } from '@strata/contracts';
import { nameInTarget, plannedReport } from './adoption-report';

const sides = {
  environment: { id: 20, name: 'Production' },
  source: { id: 20, name: 'Shop EU', environmentCount: 1 },
  target: { id: 10, name: 'Shop', environmentNames: ['Production', 'Staging'] },
};
const noTaxonomyChange: taxonomy.TaxonomyAdoptionReport = {
  group_types: { conflicts: [], added: [], mapping: { company: 0 } },
  property_types: [],
  event_definitions_added: 0,
  property_definitions_added: 0,
};
const noEntities: entities.EntitiesAdoptionReport = { flag_keys: [], scope_changes: [], moved: [], tags_created: [] };
const parts = (changes: { taxonomy?: Partial<taxonomy.TaxonomyAdoptionReport>; entities?: Partial<entities.EntitiesAdoptionReport> } = {}) => ({
  taxonomy: { ...noTaxonomyChange, ...changes.taxonomy },
  entities: { ...noEntities, ...changes.entities },
});
const moved = (reason: taxonomy.GroupTypeConflict['reason']) => ({
  group_types: { conflicts: [{ group_type: 'company', source_index: 0, target_index: reason === 'no_free_index' ? null : 1, reason }], added: [], mapping: {} },
});

describe('an adoption’s report (SPEC §7)', () => {
  it('goes ahead when nothing conflicts, and says the emptied source project goes with the move', () => {
    const report = plannedReport(sides, parts(), false);
    expect(report).toMatchObject({ status: 'planned', refused_because: [], source_project: { deleted: true }, taxonomy: { group_type_mapping: { company: 0 } } });
  });

  it('refuses group types that would move to other indexes unless that is accepted', () => {
    expect(plannedReport(sides, parts({ taxonomy: moved('different_index') }), false)).toMatchObject({ status: 'refused', refused_because: ['group_type_disruption'] });
    expect(plannedReport(sides, parts({ taxonomy: moved('index_taken') }), true)).toMatchObject({ status: 'planned', refused_because: [] });
  });

  it('refuses a group type the target has no index left for, accepted or not', () => {
    expect(plannedReport(sides, parts({ taxonomy: moved('no_free_index') }), true).refused_because).toEqual(['no_free_group_type_index']);
  });

  it('refuses colliding flag keys, and lists property types that differ without refusing', () => {
    const collision = { key: 'checkout', source_flag_id: 'a', target_flag_id: 'b' };
    const propertyType = { name: 'plan', type: 'event' as const, source_property_type: 'Numeric' as const, target_property_type: 'String' as const };
    const report = plannedReport(sides, parts({ entities: { flag_keys: [collision] }, taxonomy: { property_types: [propertyType] } }), false);
    expect(report.refused_because).toEqual(['flag_key_collision']);
    expect(report.conflicts).toMatchObject({ flag_keys: [collision], property_types: [propertyType] });
  });

  it('keeps the environment’s name when free in the target, and tells it apart by its project otherwise', () => {
    expect(nameInTarget('Staging EU', 'Shop EU', ['Production'])).toBe('Staging EU');
    expect(nameInTarget('production', 'Shop EU', ['Production'])).toBe('production (Shop EU)');
    expect(nameInTarget('Production', 'Shop EU', ['Production', 'Production (shop eu)'])).toBe('Production (Shop EU) 2');
    expect(nameInTarget('P', 'x'.repeat(300), ['P'])).toHaveLength(200);
  });
});
