import { all } from '../api/client';
import type { DependentEntity, Environment } from '../api/types';
import { environmentPath, Link } from '../router';
import { ErrorNote, Loading, ScopeBadge, useLoad } from '../ui';
import { kindByName } from './kinds';

/**
 * "Used by": what this environment sees that depends on the entity, as the API answers it (`…/:id/dependents/`) —
 * entities whose body references it and flags whose rollout groups here or project-wide use it.
 */
export function Dependents({ environment, path, version }: { environment: Environment; path: string; version: number }) {
  const dependents = useLoad(() => all<DependentEntity>(`${path}/dependents/`), [path, version]);
  if (dependents.error) return <ErrorNote error={dependents.error} />;
  if (!dependents.data) return <Loading />;
  if (dependents.data.length === 0) return <p className="muted">Nothing in {environment.name} uses it.</p>;
  return (
    <ul className="refs" data-testid="dependents">
      {dependents.data.map((dependent) => {
        const kind = kindByName(dependent.kind);
        return (
          <li key={`${dependent.kind}:${dependent.id}`}>
            <span className="kind">{kind?.singular ?? dependent.kind}</span> <Link to={environmentPath(environment.id, kind?.collection, dependent.id)}>{dependent.name || dependent.id}</Link>{' '}
            <ScopeBadge projectWide={dependent.is_project_wide} />
          </li>
        );
      })}
    </ul>
  );
}
