import { useState } from 'react';
import { all } from '../api/client';
import type { Entity, Environment } from '../api/types';
import { environmentPath, Link, navigate } from '../router';
import { ListView } from '../list';
import { stateColumns, useGlanceStates } from '../flags/state-cells';
import { Field, formatDate, ScopeBadge, useDebounced, useLoad } from '../ui';
import { projectEnvironments, useWorkspace } from '../workspace';
import { EntityForm } from './entity-form';
import { displayName, type Kind } from './kinds';

type Scope = 'all' | 'environment' | 'project';

/** One kind's list in an environment: its own and the project-wide, with search and a scope filter. */
export function EntityList({ environment, kind }: { environment: Environment; kind: Kind }) {
  const [search, setSearch] = useState('');
  const [scope, setScope] = useState<Scope>('all');
  const [creating, setCreating] = useState(false);
  const query = useDebounced(search.trim());
  const list = useLoad(
    () => all<Entity>(`/api/v2/environments/${environment.id}/${kind.collection}/?scope=${scope}${query ? `&search=${encodeURIComponent(query)}` : ''}`),
    [environment.id, kind.collection, scope, query],
  );
  const isFlag = kind.kind === 'feature_flag';
  const environments = projectEnvironments(useWorkspace(), environment.project_id);
  const glance = useGlanceStates(environment, isFlag ? environments : [environment]);

  return (
    <section>
      <div className="page-head">
        <h1>{kind.label}</h1>
        <button type="button" className="primary" onClick={() => setCreating(true)}>
          New {kind.singular.toLowerCase()}
        </button>
      </div>
      <div className="filters" role="search">
        <Field label="Search">
          <input type="search" value={search} onChange={(event) => setSearch(event.target.value)} placeholder={`Search ${kind.label.toLowerCase()}`} />
        </Field>
        <Field label="Scope">
          <select value={scope} onChange={(event) => setScope(event.target.value as Scope)}>
            <option value="all">All this environment sees</option>
            <option value="environment">This environment only</option>
            <option value="project">Project-wide only</option>
          </select>
        </Field>
      </div>
      <ListView
        list={list}
        label={kind.label}
        busy={list.loading}
        empty={
          query || scope !== 'all'
            ? `No ${kind.label.toLowerCase()} match.`
            : `No ${kind.label.toLowerCase()} in ${environment.name} yet. Create one here: it stays in ${environment.name} until you make it project-wide.`
        }
        rowKey={(entity) => entity.id}
        columns={[
          {
            header: isFlag ? 'Key' : 'Name',
            cell: (entity) => (
              <>
                <Link to={environmentPath(environment.id, kind.collection, entity.id)}>{displayName(entity)}</Link>
                {isFlag && entity.name ? <span className="muted"> {String(entity.name)}</span> : null}
              </>
            ),
          },
          { header: 'Scope', cell: (entity) => <ScopeBadge projectWide={entity.is_project_wide} /> },
          ...(isFlag ? stateColumns(environments, glance) : []),
          { header: 'Tags', className: 'wide-only', cell: (entity) => entity.tags.join(', ') },
          { header: 'Updated', className: 'wide-only', cell: (entity) => formatDate(entity.updated_at) },
        ]}
      />
      {creating ? (
        <EntityForm environment={environment} kind={kind} onClose={() => setCreating(false)} onSaved={(entity) => navigate(environmentPath(environment.id, kind.collection, entity.id))} />
      ) : null}
    </section>
  );
}
