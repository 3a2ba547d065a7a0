import type { AdoptionRefusal, AdoptionReport } from '../api/types';
import { kindByName } from '../entities/kinds';
import { Table } from '../list';

const REFUSALS: Record<AdoptionRefusal, string> = {
  group_type_disruption: 'Group types would move to other indexes: their events would land on another index from now on.',
  no_free_group_type_index: 'This project has no free group type index left for a group type of the environment.',
  flag_key_collision: 'Flag keys of the environment are already used here (keys compare case-insensitively).',
};

const GROUP_TYPE_REASONS = {
  different_index: 'the same type is at another index here',
  index_taken: 'its index is held by another type here',
  no_free_index: 'no free index left here',
} as const;

const kindLabel = (name: string) => kindByName(name)?.singular ?? name;

/** A merge's report (a preview, the merge done, or a refusal): what moves, what conflicts, what the taxonomy adds. */
export function ReportView({ report, refused }: { report: AdoptionReport; refused: boolean }) {
  const heading = refused ? 'Refused: nothing was changed' : report.status === 'completed' ? 'Merged' : 'Preview: nothing has changed yet';
  return (
    <div className={`card${refused ? ' blocked' : ''}`} role={refused ? 'alert' : 'status'} aria-label="Merge report" data-testid="adoption-report">
      <h2 data-testid="adoption-status">{heading}</h2>
      <Outcome report={report} />
      <Refusals reasons={report.refused_because} />
      <Conflicts conflicts={report.conflicts} />
      <ScopeChanges report={report} />
      <h3>Entities that move as they are</h3>
      {report.moved_entities.length === 0 ? (
        <p className="muted">None: the environment has no entity of its own.</p>
      ) : (
        <Table
          label="Entities that move as they are"
          testId="moved-entities"
          rows={report.moved_entities}
          rowKey={(entity) => `${entity.kind}:${entity.id}`}
          columns={[
            { header: 'Kind', cell: (entity) => kindLabel(entity.kind) },
            { header: 'Name', cell: (entity) => entity.name },
          ]}
        />
      )}
      <TaxonomyAdded report={report} />
    </div>
  );
}

function Outcome({ report }: { report: AdoptionReport }) {
  const done = report.status === 'completed';
  const { environment, source_project: source, target_project: target } = report;
  return (
    <dl className="evaluation">
      <dt>Environment</dt>
      <dd>
        {environment.name} of {source.name} {done ? 'is now' : 'becomes'} <strong data-testid="name-in-target">{environment.name_in_target}</strong> in {target.name}
        {environment.name_in_target !== environment.name ? ` (renamed: ${target.name} has an environment named ${environment.name})` : ''}
      </dd>
      <dt>Source project</dt>
      <dd data-testid="source-deleted">
        {source.deleted ? `${source.name} ${done ? 'was emptied and deleted' : 'is emptied by the move and will be deleted'}` : `${source.name} stays, with its other environments`}
      </dd>
    </dl>
  );
}

function Refusals({ reasons }: { reasons: AdoptionRefusal[] }) {
  if (reasons.length === 0) return null;
  return (
    <>
      <h3>Why it is refused</h3>
      <ul data-testid="refused-because">
        {reasons.map((reason) => (
          <li key={reason}>
            <code>{reason}</code>: {REFUSALS[reason] ?? reason}
          </li>
        ))}
      </ul>
    </>
  );
}

function Conflicts({ conflicts }: { conflicts: AdoptionReport['conflicts'] }) {
  const { group_types: groupTypes, flag_keys: flagKeys, property_types: propertyTypes } = conflicts;
  return (
    <>
      <h3>Conflicts</h3>
      {groupTypes.length + flagKeys.length + propertyTypes.length === 0 ? <p className="muted">None.</p> : null}
      {groupTypes.length > 0 ? (
        <Table
          label="Group type conflicts"
          caption="Group types"
          rows={groupTypes}
          rowKey={(conflict) => conflict.group_type}
          columns={[
            { header: 'Group type', cell: (conflict) => conflict.group_type },
            { header: 'Index in the source', cell: (conflict) => conflict.source_index },
            { header: 'Index here', cell: (conflict) => conflict.target_index ?? '—' },
            { header: 'Why', cell: (conflict) => GROUP_TYPE_REASONS[conflict.reason] ?? conflict.reason },
          ]}
        />
      ) : null}
      {flagKeys.length > 0 ? (
        <Table label="Flag key conflicts" caption="Flag keys used in both projects" rows={flagKeys} rowKey={(collision) => collision.source_flag_id} columns={[{ header: 'Key', cell: (collision) => <code>{collision.key}</code> }]} />
      ) : null}
      {propertyTypes.length > 0 ? (
        <Table
          label="Property type conflicts"
          caption="Property types that differ (this project's type stays)"
          rows={propertyTypes}
          rowKey={(conflict) => `${conflict.type}:${conflict.group_type_index ?? ''}:${conflict.name}`}
          columns={[
            { header: 'Property', cell: (conflict) => conflict.name },
            { header: 'Of', cell: (conflict) => `${conflict.type}${conflict.group_type_index !== undefined ? ` (group ${conflict.group_type_index})` : ''}` },
            { header: 'In the source', cell: (conflict) => conflict.source_property_type },
            { header: 'Here (kept)', cell: (conflict) => conflict.target_property_type },
          ]}
        />
      ) : null}
    </>
  );
}

function ScopeChanges({ report }: { report: AdoptionReport }) {
  const target = report.environment.name_in_target;
  return (
    <>
      <h3>Entities that change scope</h3>
      {report.scope_changes.length === 0 ? (
        <p className="muted">None: the source project has no project-wide entity.</p>
      ) : (
        <Table
          label="Entities that change scope"
          testId="scope-changes"
          caption={`Project-wide in ${report.source_project.name}; they come along as this environment's own (copies under new ids)`}
          rows={report.scope_changes}
          rowKey={(change) => `${change.kind}:${change.id}`}
          columns={[
            { header: 'Kind', cell: (change) => kindLabel(change.kind) },
            { header: 'Name', cell: (change) => change.name },
            {
              header: 'Scope',
              cell: (change) => (
                <>
                  <span className="badge project">project-wide</span> → <span className="badge environment">{target}</span>
                  {change.new_id ? <> <code>{change.new_id}</code></> : null}
                </>
              ),
            },
          ]}
        />
      )}
    </>
  );
}

function TaxonomyAdded({ report }: { report: AdoptionReport }) {
  const { taxonomy } = report;
  const added = new Set(taxonomy.group_types_added.map((type) => type.group_type));
  const mapping = Object.entries(taxonomy.group_type_mapping).sort((a, b) => a[1] - b[1]);
  const plural = (count: number, what: string) => `${count} ${what} ${count === 1 ? 'definition' : 'definitions'}`;
  return (
    <>
      <h3>What the taxonomy adds</h3>
      {mapping.length > 0 ? (
        <Table
          label="Group type mapping"
          caption="Group types: where the environment's events land from now on"
          rows={mapping}
          rowKey={([type]) => type}
          columns={[
            { header: 'Group type', cell: ([type]) => type },
            { header: 'Index here', cell: ([, index]) => index },
            { header: '', cell: ([type]) => (added.has(type) ? <span className="badge action-create">added</span> : <span className="badge action-skip">exists</span>) },
          ]}
        />
      ) : (
        <p className="muted">No group types.</p>
      )}
      <p>
        {plural(taxonomy.event_definitions_added, 'event')} and {plural(taxonomy.property_definitions_added, 'property')} added
        {report.tags_created.length > 0 ? `; tags created: ${report.tags_created.join(', ')}` : ''}.
      </p>
    </>
  );
}
