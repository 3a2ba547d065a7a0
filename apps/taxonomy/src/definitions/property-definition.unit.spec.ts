import { NotFoundError, ValidationError, taxonomy } from '@strata/contracts';
import { DeciderSpec, fold } from '@strata/testing';
import {
  propertyDefinitionBody,
  propertyDefinitionDecider,
  type ExistingPropertyDefinition,
  type PropertyDefinitionChanges,
  type PropertyDefinitionCommand,
} from './property-definition';

const spec = DeciderSpec.for(propertyDefinitionDecider);
const AT = '2025-01-01T10:00:00.000Z';
type Sighting = Extract<PropertyDefinitionCommand, { type: 'RecordPropertySighting' }>['data'];
const sighting = (detectedType: taxonomy.PropertyType | null, extra: Partial<Sighting> = {}): PropertyDefinitionCommand => ({
  type: 'RecordPropertySighting',
  data: { projectId: 7, definitionId: 'prop-1', name: 'amount', kind: 'event', groupTypeIndex: null, detectedType, seenAt: AT, ...extra },
});
const created = (propertyType: taxonomy.PropertyType | null): taxonomy.PropertyDefinitionCreated => ({
  type: 'PropertyDefinitionCreated',
  data: { projectId: 7, definitionId: 'prop-1', name: 'amount', kind: 'event', groupTypeIndex: null, propertyType, createdAt: AT },
});
const typeSet = (propertyType: taxonomy.PropertyType, source: 'detected' | 'user'): taxonomy.PropertyDefinitionTypeSet => ({
  type: 'PropertyDefinitionTypeSet',
  data: { projectId: 7, definitionId: 'prop-1', propertyType, source, setAt: AT },
});
const update = (changes: PropertyDefinitionChanges): PropertyDefinitionCommand => ({ type: 'UpdatePropertyDefinition', data: { changes, updatedAt: AT } });

describe('property definition', () => {
  describe('detected types', () => {
    it('are created with the type detected at the first sighting', () => {
      spec.given([]).when(sighting('Numeric')).then([created('Numeric')]);
    });

    it('keep the first detected type: a later sighting of another type changes nothing', () => {
      spec.given([created('Numeric')]).when(sighting('String')).thenNothingHappens();
      spec.given([created('Numeric')]).when(sighting('Numeric')).thenNothingHappens();
    });

    it('take the first typed sighting when created without a type', () => {
      spec.given([created(null)]).when(sighting(null)).thenNothingHappens();
      spec.given([created(null)]).when(sighting('Boolean')).then([typeSet('Boolean', 'detected')]);
      spec.given([created(null), typeSet('Boolean', 'detected')]).when(sighting('String')).thenNothingHappens();
    });
  });

  describe('user-set types', () => {
    it('win over detection', () => {
      spec.given([created('String')]).when(update({ propertyType: 'Numeric' })).then([typeSet('Numeric', 'user')]);
      spec.given([created('String'), typeSet('Numeric', 'user')]).when(sighting('String')).thenNothingHappens();
    });

    it('win over a definition still without a type, which detection then leaves alone', () => {
      spec.given([created(null), typeSet('DateTime', 'user')]).when(sighting('Numeric')).thenNothingHappens();
    });

    it('record that a user chose the detected type, once', () => {
      spec.given([created('String')]).when(update({ propertyType: 'String' })).then([typeSet('String', 'user')]);
      spec.given([created('String'), typeSet('String', 'user')]).when(update({ propertyType: 'String' })).thenNothingHappens();
    });
  });

  it('update the description', () => {
    spec.given([created('String')]).when(update({ description: 'Order total' })).then([
      { type: 'PropertyDefinitionUpdated', data: { projectId: 7, definitionId: 'prop-1', changes: { description: 'Order total' }, updatedAt: AT } },
    ]);
    spec.given([]).when(update({ description: 'x' })).thenThrows(NotFoundError);
  });

  it('give group properties a group type index, and only them', () => {
    spec.given([]).when(sighting('String', { kind: 'group', groupTypeIndex: null })).thenThrows(ValidationError);
    spec.given([]).when(sighting('String', { kind: 'person', groupTypeIndex: 1 })).thenThrows(ValidationError, /Only group/);
    spec.given([]).when(sighting('String', { kind: 'group', groupTypeIndex: 4 })).then([
      { ...created('String'), data: { ...created('String').data, kind: 'group', groupTypeIndex: 4 } },
    ]);
  });

  it('derive is_numerical from the type', () => {
    const numeric = fold(propertyDefinitionDecider, [created('Numeric')]) as ExistingPropertyDefinition;
    const text = fold(propertyDefinitionDecider, [created('Numeric'), typeSet('String', 'user')]) as ExistingPropertyDefinition;
    expect(propertyDefinitionBody(numeric)).toEqual({
      id: 'prop-1',
      name: 'amount',
      type: 'event',
      group_type_index: null,
      property_type: 'Numeric',
      is_numerical: true,
      description: '',
    });
    expect(propertyDefinitionBody(text).is_numerical).toBe(false);
  });
});

describe('property definition adoption', () => {
  const theirs = (typeSource: 'detected' | 'user', description = ''): PropertyDefinitionCommand => ({
    type: 'AdoptPropertyDefinition',
    data: {
      adopted: { status: 'active', definitionId: 'prop-1', projectId: 7, name: 'amount', kind: 'event', groupTypeIndex: null, propertyType: 'Numeric', typeSource, description },
      adoptedAt: AT,
    },
  });

  it('copies another project’s definition with its type and description', () => {
    spec.given([]).when(theirs('detected', 'Paid')).then([
      created('Numeric'),
      { type: 'PropertyDefinitionUpdated', data: { projectId: 7, definitionId: 'prop-1', changes: { description: 'Paid' }, updatedAt: AT } },
    ]);
  });

  it('keeps a type a user set there as user-set', () => {
    spec.given([]).when(theirs('user')).then([created('Numeric'), typeSet('Numeric', 'user')]);
  });

  it('keeps a definition the project already has, its type winning', () => {
    spec.given([created('String')]).when(theirs('user')).thenNothingHappens();
  });
});
