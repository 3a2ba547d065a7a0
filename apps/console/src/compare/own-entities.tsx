import type { Comparison, Environment } from '../api/types';
import { kindByName } from '../entities/kinds';
import { environmentPath, Link } from '../router';
import { ownEntityGroups } from './comparison';

/** What each environment has of its own (the comparison's `own_entities`): what the other does not see, by kind. */
export function OwnEntities({ comparison, from, to }: { comparison: Comparison; from: Environment; to: Environment }) {
  return (
    <div className="columns">
      <OwnSide environment={from} entities={comparison.own_entities.base} other={to} />
      <OwnSide environment={to} entities={comparison.own_entities.head} other={from} />
    </div>
  );
}

function OwnSide({ environment, entities, other }: { environment: Environment; entities: Comparison['own_entities']['base']; other: Environment }) {
  const groups = ownEntityGroups(entities);
  return (
    <section aria-label={`${environment.name}’s own`} data-testid={`own-entities-${environment.id}`}>
      <h2>{environment.name}’s own</h2>
      {groups.length === 0 ? (
        <p className="muted">Nothing: everything {environment.name} sees, {other.name} sees too.</p>
      ) : (
        <>
          <p className="muted">{other.name} does not see these.</p>
          {groups.map(({ kind, entities: ofKind }) => (
            <ul className="refs" key={kind} aria-label={kindByName(kind)?.label ?? kind}>
              {ofKind.map((entity) => (
                <li key={entity.id}>
                  <span className="kind">{kindByName(kind)?.singular ?? kind}</span> <Link to={environmentPath(environment.id, kindByName(kind)?.collection, entity.id)}>{entity.name || entity.id}</Link>
                </li>
              ))}
            </ul>
          ))}
        </>
      )}
    </section>
  );
}
