import { ConflictError, NotFoundError, taxonomy } from '@strata/contracts';
import { DeciderSpec, fold } from '@strata/testing';
import fc from 'fast-check';
import { groupTypeDecider, resolution, type GroupTypeCommand } from './group-types';

const spec = DeciderSpec.for(groupTypeDecider);
const AT = '2025-01-01T00:00:00.000Z';
const register = (...groupTypes: string[]): GroupTypeCommand => ({ type: 'RegisterGroupTypes', data: { projectId: 7, groupTypes, registeredAt: AT } });
const registered = (groupType: string, index: number): taxonomy.GroupTypeRegistered => ({
  type: 'GroupTypeRegistered',
  data: { projectId: 7, groupType, index, registeredAt: AT },
});
const rename = (index: number, labels: { nameSingular?: string | null; namePlural?: string | null }): GroupTypeCommand => ({
  type: 'RenameGroupType',
  data: { projectId: 7, index, ...labels },
});
const five = ['company', 'project', 'team', 'store', 'region'].map(registered);

describe('group type registry', () => {
  describe('registration', () => {
    it('gives a new type the next free index', () => {
      spec.given([registered('company', 0)]).when(register('project')).then([registered('project', 1)]);
    });

    it('registers several new types in the order asked, once each', () => {
      spec.given([]).when(register('company', 'project', 'company')).then([registered('company', 0), registered('project', 1)]);
    });

    it('is idempotent: a registered type decides nothing and keeps its index', () => {
      spec.given([registered('company', 0)]).when(register('company')).thenNothingHappens();
      expect(resolution(fold(groupTypeDecider, [registered('company', 0)]), ['company'])).toEqual({ mapping: { company: 0 }, dropped: [] });
    });

    it('holds at most 5 types: a sixth is not registered and is reported as dropped', () => {
      spec.given(five).when(register('sixth')).thenNothingHappens();
      expect(resolution(fold(groupTypeDecider, five), ['company', 'sixth'])).toEqual({ mapping: { company: 0 }, dropped: ['sixth'] });
    });

    it('registers what fits when a batch would pass the cap', () => {
      spec.given(five.slice(0, 4)).when(register('a', 'b')).then([registered('a', 4)]);
    });

    it('is case-sensitive, like the events that carry the type', () => {
      spec.given([registered('company', 0)]).when(register('Company')).then([registered('Company', 1)]);
    });

    it('converges after a conflict: re-deciding on the winner’s state gives the existing index', () => {
      // Two mappers decide on version 0 for the same new type; the second append conflicts and re-decides.
      const first = groupTypeDecider.decide(register('company'), groupTypeDecider.initialState());
      spec.given(first).when(register('company')).thenNothingHappens();
      // …and for two different new types, the loser gets the next index.
      spec.given([registered('company', 0)]).when(register('project')).then([registered('project', 1)]);
    });

    it('gives unique indexes and one index per type whatever the interleaving of concurrent registrars', () => {
      const names = fc.constantFrom('company', 'project', 'team', 'store', 'region', 'sixth', 'seventh');
      const registrars = fc.array(fc.array(names, { minLength: 1, maxLength: 4 }), { minLength: 2, maxLength: 6 });
      fc.assert(
        fc.property(registrars, fc.array(fc.nat(), { minLength: 30, maxLength: 30 }), (asks, schedule) => {
          const stream = simulateConcurrentRegistrations(asks, schedule);
          const state = fold(groupTypeDecider, stream);
          expect(new Set(state.groupTypes.map((m) => m.index)).size).toBe(state.groupTypes.length);
          expect(new Set(state.groupTypes.map((m) => m.groupType)).size).toBe(state.groupTypes.length);
          expect(state.groupTypes.every((m) => m.index >= 0 && m.index < taxonomy.MAX_GROUP_TYPES)).toBe(true);
          const asked = new Set(asks.flat());
          expect(state.groupTypes.length).toBe(Math.min(asked.size, taxonomy.MAX_GROUP_TYPES));
        }),
      );
    });
  });

  describe('labels', () => {
    const given = [registered('company', 0)];

    it('renames labels, never the type', () => {
      spec.given(given).when(rename(0, { nameSingular: 'Company', namePlural: 'Companies' })).then([
        { type: 'GroupTypeRenamed', data: { projectId: 7, index: 0, groupType: 'company', nameSingular: 'Company', namePlural: 'Companies' } },
      ]);
    });

    it('leaves an absent label as it is and clears a null one', () => {
      const named = { type: 'GroupTypeRenamed', data: { projectId: 7, index: 0, groupType: 'company', nameSingular: 'Company', namePlural: 'Companies' } } as const;
      spec.given([...given, named]).when(rename(0, { namePlural: null })).then([{ ...named, data: { ...named.data, namePlural: null } }]);
    });

    it('does nothing when the labels are unchanged', () => {
      spec.given(given).when(rename(0, {})).thenNothingHappens();
    });

    it('answers 404 for an index without a type', () => {
      spec.given(given).when(rename(3, { nameSingular: 'Team' })).thenThrows(NotFoundError);
    });
  });

  describe('removal with the project', () => {
    const removal: GroupTypeCommand = { type: 'RemoveProjectTaxonomy', data: { projectId: 7, removedAt: AT } };
    const removed: taxonomy.ProjectTaxonomyRemoved = { type: 'ProjectTaxonomyRemoved', data: { projectId: 7, removedAt: AT } };

    it('removes the taxonomy once', () => {
      spec.given(five).when(removal).then([removed]);
      spec.given([...five, removed]).when(removal).thenNothingHappens();
      expect(fold(groupTypeDecider, [...five, removed]).groupTypes).toEqual([]);
    });

    it('takes no registrations afterwards', () => {
      spec.given([removed]).when(register('company')).thenThrows(NotFoundError);
    });
  });
});

/**
 * Registrars each read the stream, decide, and append with the version they read; a conflict makes them reload and
 * decide again. `schedule` picks which registrar moves next, so every interleaving of reads and appends is explored.
 */
function simulateConcurrentRegistrations(asks: string[][], schedule: number[]): taxonomy.GroupTypeEvent[] {
  const stream: taxonomy.GroupTypeEvent[] = [];
  const registrars = asks.map((groupTypes) => ({ groupTypes, readVersion: null as number | null, done: false }));
  let step = 0;
  while (registrars.some((r) => !r.done)) {
    const open = registrars.filter((r) => !r.done);
    const registrar = open[(schedule[step++ % schedule.length] + step) % open.length];
    if (registrar.readVersion === null) {
      registrar.readVersion = stream.length;
      continue;
    }
    const state = fold(groupTypeDecider, stream.slice(0, registrar.readVersion));
    const events = groupTypeDecider.decide(register(...registrar.groupTypes), state);
    if (registrar.readVersion !== stream.length) registrar.readVersion = null;
    else {
      stream.push(...events);
      registrar.done = true;
    }
  }
  return stream;
}

describe('group type adoption', () => {
  const adopt = (...groupTypes: { groupType: string; index: number; nameSingular?: string }[]): GroupTypeCommand => ({
    type: 'AdoptGroupTypes',
    data: { projectId: 7, groupTypes: groupTypes.map(({ nameSingular = null, ...mapping }) => ({ ...mapping, nameSingular, namePlural: null })), adoptedAt: AT },
  });

  it('registers another project’s types at their planned indexes, with their labels', () => {
    spec.given([registered('company', 0)]).when(adopt({ groupType: 'team', index: 3, nameSingular: 'Team' })).then([
      registered('team', 3),
      { type: 'GroupTypeRenamed', data: { projectId: 7, index: 3, groupType: 'team', nameSingular: 'Team', namePlural: null } },
    ]);
  });

  it('is idempotent: a type already registered keeps its own index and labels', () => {
    spec.given([registered('company', 0), registered('team', 3)]).when(adopt({ groupType: 'team', index: 3, nameSingular: 'Team' })).thenNothingHappens();
  });

  it('refuses an index another type took since the plan (409)', () => {
    spec.given([registered('company', 0)]).when(adopt({ groupType: 'team', index: 0 })).thenThrows(ConflictError, /not free/);
  });
});
