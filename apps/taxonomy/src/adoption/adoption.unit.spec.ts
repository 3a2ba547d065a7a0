import { ConflictError, type taxonomy } from '@strata/contracts';
import type { ExistingEventDefinition } from '../definitions/event-definition';
import type { GroupTypeMapping } from '../group-types/group-types';
import type { ExistingPropertyDefinition } from '../definitions/property-definition';
import { planAdoption, refusal, type ProjectTaxonomy } from './adoption';

const AT = '2025-01-01T10:00:00.000Z';
const type = (groupType: string, index: number, nameSingular: string | null = null): GroupTypeMapping => ({ groupType, index, nameSingular, namePlural: null });
const event = (name: string, labels: Partial<ExistingEventDefinition> = {}): ExistingEventDefinition => ({
  status: 'active',
  definitionId: `id-${name}`,
  projectId: 1,
  name,
  description: '',
  tags: [],
  verified: false,
  lastSeenAt: AT,
  createdAt: AT,
  ...labels,
});
const property = (name: string, propertyType: taxonomy.PropertyType | null, groupTypeIndex: number | null = null): ExistingPropertyDefinition => ({
  status: 'active',
  definitionId: `id-${name}-${groupTypeIndex}`,
  projectId: 1,
  name,
  kind: groupTypeIndex === null ? 'event' : 'group',
  groupTypeIndex,
  propertyType,
  typeSource: propertyType === null ? null : 'detected',
  description: '',
});
const taxonomyOf = (parts: Partial<ProjectTaxonomy>): ProjectTaxonomy => ({ groupTypes: [], eventDefinitions: [], propertyDefinitions: [], ...parts });
const plan = (source: Partial<ProjectTaxonomy>, target: Partial<ProjectTaxonomy>) => planAdoption(taxonomyOf(source), taxonomyOf(target));

describe('adopting a project’s taxonomy', () => {
  describe('group types', () => {
    it('merge a type the target has at the same index silently', () => {
      const { report, groupTypes } = plan({ groupTypes: [type('company', 0)] }, { groupTypes: [type('company', 0)] });
      expect(report.group_types).toEqual({ conflicts: [], added: [], mapping: { company: 0 } });
      expect(groupTypes).toEqual([]);
    });

    it('add a type the target lacks at its own index when that index is free there, labels and all', () => {
      const { report, groupTypes } = plan({ groupTypes: [type('company', 0), type('team', 2, 'Team')] }, { groupTypes: [type('company', 0)] });
      expect(report.group_types).toEqual({ conflicts: [], added: [{ group_type: 'team', group_type_index: 2 }], mapping: { company: 0, team: 2 } });
      expect(groupTypes).toEqual([type('team', 2, 'Team')]);
    });

    it('report the same type at another index in the target as different_index, mapped to the target’s index', () => {
      const { report } = plan({ groupTypes: [type('company', 1)] }, { groupTypes: [type('company', 0)] });
      expect(report.group_types).toEqual({
        conflicts: [{ group_type: 'company', source_index: 1, target_index: 0, reason: 'different_index' }],
        added: [],
        mapping: { company: 0 },
      });
    });

    it('add a type whose index another type holds in the target at the next free index, as index_taken', () => {
      const { report, groupTypes } = plan({ groupTypes: [type('team', 0)] }, { groupTypes: [type('company', 0), type('store', 1)] });
      expect(report.group_types.conflicts).toEqual([{ group_type: 'team', source_index: 0, target_index: 2, reason: 'index_taken' }]);
      expect(report.group_types.mapping).toEqual({ team: 2 });
      expect(groupTypes).toEqual([type('team', 2)]);
    });

    it('never give a displaced type an index another source type keeps', () => {
      const { report } = plan({ groupTypes: [type('team', 0), type('store', 1)] }, { groupTypes: [type('company', 0)] });
      expect(report.group_types.mapping).toEqual({ store: 1, team: 2 });
      expect(report.group_types.conflicts).toEqual([{ group_type: 'team', source_index: 0, target_index: 2, reason: 'index_taken' }]);
    });

    it('report a type that finds no free index as no_free_index, unmapped', () => {
      const full = ['a', 'b', 'c', 'd', 'e'].map((name, index) => type(name, index));
      const { report, groupTypes } = plan({ groupTypes: [type('a', 0), type('team', 1)] }, { groupTypes: full });
      expect(report.group_types.conflicts).toEqual([{ group_type: 'team', source_index: 1, target_index: null, reason: 'no_free_index' }]);
      expect(report.group_types.mapping).toEqual({ a: 0 });
      expect(groupTypes).toEqual([]);
    });
  });

  describe('a merge', () => {
    const report = (reasons: taxonomy.GroupTypeConflict['reason'][]): taxonomy.TaxonomyAdoptionReport => ({
      group_types: { conflicts: reasons.map((reason, i) => ({ group_type: `t${i}`, source_index: i, target_index: null, reason })), added: [], mapping: {} },
      property_types: [],
      event_definitions_added: 0,
      property_definitions_added: 0,
    });

    it('goes ahead without group type conflicts', () => {
      expect(refusal(report([]), false)).toBeNull();
    });

    it.each([['different_index'], ['index_taken']] as const)('is refused with a %s conflict unless the disruption is accepted (409, with the report)', (reason) => {
      const refused = refusal(report([reason]), false);
      expect(refused).toBeInstanceOf(ConflictError);
      expect(refused).toMatchObject({ code: 'group_type_disruption', extra: { report: report([reason]) } });
      expect(refusal(report([reason]), true)).toBeNull();
    });

    it('is refused with a no_free_index conflict even when accepted', () => {
      expect(refusal(report(['index_taken', 'no_free_index']), true)).toMatchObject({ status: 409, code: 'no_free_group_type_index' });
    });
  });

  describe('event definitions', () => {
    it('add those the target lacks by name, as the source has them; the target’s own are kept', () => {
      const labelled = event('signup', { description: 'Signed up', verified: true, tags: ['growth'] });
      const { report, eventDefinitions } = plan({ eventDefinitions: [labelled, event('$pageview')] }, { eventDefinitions: [event('$pageview', { description: 'mine' })] });
      expect(eventDefinitions).toEqual([labelled]);
      expect(report.event_definitions_added).toBe(1);
    });
  });

  describe('property definitions', () => {
    it('add those the target lacks by name, kind and index, with the source’s type', () => {
      const { report, propertyDefinitions } = plan({ propertyDefinitions: [property('plan', 'String'), property('amount', 'Numeric')] }, { propertyDefinitions: [property('plan', 'String')] });
      expect(propertyDefinitions).toEqual([property('amount', 'Numeric')]);
      expect(report).toMatchObject({ property_definitions_added: 1, property_types: [] });
    });

    it('keep the target’s type where both have the definition, listing a type that differs', () => {
      const { report, propertyDefinitions } = plan(
        { propertyDefinitions: [property('amount', 'String'), property('plan', null)] },
        { propertyDefinitions: [property('amount', 'Numeric'), property('plan', 'String')] },
      );
      expect(propertyDefinitions).toEqual([]);
      expect(report.property_types).toEqual([{ name: 'amount', type: 'event', source_property_type: 'String', target_property_type: 'Numeric' }]);
    });

    it('re-key group properties from the source’s index to the target’s', () => {
      const { report, propertyDefinitions } = plan(
        { groupTypes: [type('company', 1), type('team', 0)], propertyDefinitions: [property('size', 'Numeric', 1), property('name', 'String', 0)] },
        { groupTypes: [type('company', 3), type('store', 0)], propertyDefinitions: [property('size', 'String', 3)] },
      );
      expect(report.group_types.mapping).toEqual({ company: 3, team: 1 });
      expect(propertyDefinitions).toEqual([{ ...property('name', 'String', 0), groupTypeIndex: 1 }]);
      expect(report.property_types).toEqual([{ name: 'size', type: 'group', group_type_index: 3, source_property_type: 'Numeric', target_property_type: 'String' }]);
    });

    it('leave out group properties whose type found no index in the target', () => {
      const full = ['a', 'b', 'c', 'd', 'e'].map((name, index) => type(name, index));
      const { propertyDefinitions } = plan({ groupTypes: [type('team', 0)], propertyDefinitions: [property('name', 'String', 0)] }, { groupTypes: full });
      expect(propertyDefinitions).toEqual([]);
    });
  });

  it('plans nothing to add once merged: adopting again is idempotent', () => {
    const source = taxonomyOf({ groupTypes: [type('team', 0)], eventDefinitions: [event('signup')], propertyDefinitions: [property('name', 'String', 0)] });
    const merged = taxonomyOf({ groupTypes: [type('company', 0), type('team', 1)], eventDefinitions: [event('signup')], propertyDefinitions: [property('name', 'String', 1)] });
    const again = planAdoption(source, merged);
    expect(again.report).toMatchObject({ event_definitions_added: 0, property_definitions_added: 0, property_types: [], group_types: { added: [], mapping: { team: 1 } } });
    expect([again.groupTypes, again.eventDefinitions, again.propertyDefinitions]).toEqual([[], [], []]);
  });
});
