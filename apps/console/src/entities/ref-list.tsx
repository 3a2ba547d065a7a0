import type { Reference } from '../api/client';
import type { Environment } from '../api/types';
import { environmentPath, Link } from '../router';
import { ScopeBadge } from '../ui';
import { useWorkspace } from '../workspace';
import { displayName, type Indexed, kindByName } from './kinds';

/** References (`promoted`, `dependents`, dependencies) with their kinds and names, linked where this environment sees them. */
export function RefList({ refs, index, environment, empty }: { refs: Reference[]; index: Map<string, Indexed> | undefined; environment: Environment; empty: string }) {
  const workspace = useWorkspace();
  if (refs.length === 0) return <p className="muted">{empty}</p>;
  return (
    <ul className="refs">
      {refs.map((ref) => {
        if (ref.kind === 'environment') {
          const other = workspace.environments.find((candidate) => candidate.id === Number(ref.id));
          return (
            <li key={`${ref.kind}:${ref.id}`}>
              <span className="kind">Environment</span> {other?.name ?? `#${ref.id}`} (its state of this flag)
            </li>
          );
        }
        const kind = kindByName(ref.kind);
        const known = index?.get(String(ref.id));
        return (
          <li key={`${ref.kind}:${ref.id}`}>
            <span className="kind">{kind?.singular ?? ref.kind}</span>{' '}
            {known && kind ? (
              <>
                <Link to={environmentPath(environment.id, kind.collection, known.entity.id)}>{displayName(known.entity)}</Link> <ScopeBadge projectWide={known.entity.is_project_wide} />
              </>
            ) : (
              <span>
                {String(ref.id)} <span className="muted">(in another environment)</span>
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
