import { useState } from 'react';
import { api } from '../api/client';
import type { Entity, Environment, FlagState } from '../api/types';
import { FlagPanel } from '../flags/flag-panel';
import { HistoryPanel } from '../history/entity-history';
import { environmentPath, Link, navigate } from '../router';
import { ConfirmDialog } from '../form';
import { ErrorNote, formatDate, Loading, ScopeBadge, useAction, useLoad } from '../ui';
import { EntityForm } from './entity-form';
import { displayName, environmentIndex, type Indexed, type Kind, kindFields, referencesOf } from './kinds';
import { CopyEntityDialog } from './copy-entity-dialog';
import { Dependents } from './dependents';
import { RefList } from './ref-list';
import { Blocked, PromoteDialog } from './scope-changes';

/** One entity as an environment sees it: scope, fields, what it depends on and what depends on it, scope changes. */
export function EntityDetail({ environment, kind, id }: { environment: Environment; kind: Kind; id: string }) {
  const path = `/api/v2/environments/${environment.id}/${kind.collection}/${id}`;
  const entity = useLoad(() => api<Entity>('GET', path), [path]);
  const index = useLoad(() => environmentIndex(environment.id), [environment.id]);
  // A flag depends on the cohorts of its rollout groups, which its state in this environment lists.
  const flagState = useLoad(() => (kind.kind === 'feature_flag' ? api<FlagState>('GET', `${path}/state`) : Promise.resolve(undefined)), [path, kind.kind]);
  const [notice, setNotice] = useState<string>();
  // A restore changes the entity or a state behind the views' backs: they start afresh.
  const [restores, setRestores] = useState(0);
  const restored = () => {
    setRestores((count) => count + 1);
    reload();
    flagState.reload();
  };
  const reload = () => {
    entity.reload();
    index.reload();
  };
  if (entity.error) {
    return (
      <section>
        <h1>{kind.singular} not found</h1>
        <ErrorNote error={entity.error} />
        <p>
          {environment.name} does not see this {kind.singular.toLowerCase()}: it may belong to another environment. <Link to={environmentPath(environment.id, kind.collection)}>Back to {kind.label.toLowerCase()}</Link>
        </p>
      </section>
    );
  }
  if (!entity.data) return <Loading />;
  const current = entity.data;
  const rolloutCohorts = (flagState.data?.segment_overrides ?? []).map((override) => ({ kind: 'cohort', id: override.segment_id }));
  const dependencies = [...referencesOf(kind.kind, current), ...rolloutCohorts.filter((ref, at) => rolloutCohorts.findIndex((other) => other.id === ref.id) === at)];
  return (
    <section>
      <p className="breadcrumbs">
        <Link to={environmentPath(environment.id, kind.collection)}>{kind.label}</Link> /
      </p>
      <ScopeActions environment={environment} kind={kind} entity={current} path={path} index={index.data} onNotice={setNotice} onChanged={reload} />
      {notice ? (
        <p className="success" role="status">
          {notice}
        </p>
      ) : null}
      <p className="muted">
        {current.is_project_wide ? `Project-wide: every environment of this project sees it.` : `Environment-specific: only ${environment.name} sees it.`} Version {current.version}, updated{' '}
        {formatDate(current.updated_at)}.
      </p>
      {current.description ? <p>{current.description}</p> : null}
      {current.tags.length > 0 ? <p>Tags: {current.tags.join(', ')}</p> : null}
      {kind.kind === 'feature_flag' ? <FlagPanel key={restores} environment={environment} flag={current} onChanged={reload} onStateChanged={flagState.reload} /> : <Fields entity={current} />}
      <HistoryPanel path={path} title="History" version={current.version} onRestored={restored} />
      {kind.kind === 'feature_flag' ? <HistoryPanel path={`${path}/state`} version={flagState.data?.version} title={`State history in ${environment.name}`} onRestored={restored} /> : null}
      <div className="columns">
        <div>
          <h2>Depends on</h2>
          <RefList refs={dependencies} index={index.data} environment={environment} empty="Nothing." />
        </div>
        <div>
          <h2>Used by</h2>
          <Dependents environment={environment} path={path} version={current.version} />
        </div>
      </div>
    </section>
  );
}

/** The heading and what can be done to the entity: promote, demote, edit, delete (each refusal shown with what blocks it). */
function ScopeActions({ environment, kind, entity, path, index, onNotice, onChanged }: {
  environment: Environment;
  kind: Kind;
  entity: Entity;
  path: string;
  index: Map<string, Indexed> | undefined;
  onNotice: (notice: string | undefined) => void;
  onChanged: () => void;
}) {
  const [open, setOpen] = useState<'promote' | 'edit' | 'delete' | 'copy'>();
  const demote = useAction(() => api<{ result: Entity }>('POST', `${path}/make_environment_specific`, {}));
  const remove = useAction(() => api('DELETE', path, undefined, { version: entity.version }).then(() => true));
  const makeEnvironmentSpecific = async () => {
    remove.clear();
    onNotice(undefined);
    if (!(await demote.submit())) return;
    onNotice(`${displayName(entity)} now belongs to ${environment.name} only.`);
    onChanged();
  };
  const deleteIt = async () => {
    demote.clear();
    setOpen(undefined);
    if (await remove.submit()) navigate(environmentPath(environment.id, kind.collection));
  };
  const refusal = demote.error ?? remove.error;
  const dependents = refusal?.body.dependents;
  return (
    <>
      <div className="page-head">
        <h1>
          {displayName(entity)} <ScopeBadge projectWide={entity.is_project_wide} />
        </h1>
        <div className="actions">
          {entity.is_project_wide ? (
            <button type="button" onClick={() => void makeEnvironmentSpecific()} disabled={demote.pending}>
              Make environment-specific
            </button>
          ) : (
            <button type="button" className="primary" onClick={() => setOpen('promote')}>
              Make project-wide
            </button>
          )}
          <button type="button" onClick={() => (onNotice(undefined), setOpen('edit'))}>
            Edit
          </button>
          <button type="button" onClick={() => setOpen('copy')}>
            Copy to…
          </button>
          <button type="button" className="danger" onClick={() => setOpen('delete')} disabled={remove.pending}>
            Delete
          </button>
        </div>
      </div>
      {refusal && dependents ? <Blocked what={demote.error ? 'make it environment-specific' : 'delete it'} detail={refusal.detail} dependents={dependents} index={index} environment={environment} /> : null}
      {refusal && !dependents ? <ErrorNote error={refusal} /> : null}
      {open === 'promote' ? (
        <PromoteDialog
          environment={environment}
          kind={kind}
          entity={entity}
          index={index}
          onClose={() => setOpen(undefined)}
          onDone={(promoted) => {
            setOpen(undefined);
            onNotice(`Now project-wide: ${promoted.length} ${promoted.length === 1 ? 'entity' : 'entities'}.`);
            onChanged();
          }}
        />
      ) : null}
      {open === 'copy' ? <CopyEntityDialog environment={environment} kind={kind} entity={entity} index={index} onClose={() => setOpen(undefined)} /> : null}
      {open === 'edit' ? <EntityForm environment={environment} kind={kind} entity={entity} onClose={() => setOpen(undefined)} onSaved={() => (setOpen(undefined), onNotice('Saved.'), onChanged())} /> : null}
      {open === 'delete' ? (
        <ConfirmDialog title={`Delete ${kind.singular.toLowerCase()} “${displayName(entity)}”?`} confirmLabel="Delete" action={{ pending: remove.pending, error: undefined }} onClose={() => setOpen(undefined)} onConfirm={() => void deleteIt()}>
          <p>It is gone from every environment that sees it. Anything that uses it must change first.</p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}

function Fields({ entity }: { entity: Entity }) {
  const { name: _name, description: _description, tags: _tags, ...rest } = kindFields(entity);
  if (Object.keys(rest).length === 0) return null;
  return (
    <details className="fields" open>
      <summary>Fields</summary>
      <pre>{JSON.stringify(rest, null, 2)}</pre>
    </details>
  );
}
