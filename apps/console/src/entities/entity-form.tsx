import { useState } from 'react';
import { api, ApiError } from '../api/client';
import type { Entity, Environment } from '../api/types';
import { DialogForm, TextField } from '../form';
import { Loading, useAction, useLoad } from '../ui';
import { changesOf, createBodyOf, type Draft, draftOf, refusalOf } from './entity-draft';
import { KindFields, type SetDraft } from './kind-fields';
import { displayName, environmentIndex, type Kind } from './kinds';

const FIELDS = ['name', 'key', 'description', 'tags', 'tiles', 'filters', 'steps', 'rules', 'feature_flag_id', 'linked_flag_id', 'type', 'default_enabled', 'initial_value', 'is_server_key_only', 'is_project_wide'];

/**
 * The one form of an entity of a kind: a new one in this environment (environment-specific, as every new entity is until
 * promoted, unless a flag is made project-wide at once), or `entity` edited (only what changed is sent, with `If-Match`
 * of the version shown). The body is checked with the API's own schema first: a refused field is shown where it is,
 * without a request; what only the API can know (a cycle, a stale version) comes back the same way.
 */
export function EntityForm({ environment, kind, entity, onClose, onSaved }: { environment: Environment; kind: Kind; entity?: Entity; onClose: () => void; onSaved: (entity: Entity) => void }) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(kind.kind, entity));
  const [refusal, setRefusal] = useState<ApiError>();
  const index = useLoad(() => environmentIndex(environment.id), [environment.id]);
  const collection = `/api/v2/environments/${environment.id}/${kind.collection}/`;
  const save = useAction((body: Record<string, unknown>) => (entity ? api<Entity>('PATCH', `${collection}${entity.id}`, body, { version: entity.version }) : api<Entity>('POST', collection, body)));
  // A refusal speaks of the draft it refused: once the draft changes it is gone until the next save.
  const set: SetDraft = (name, value) => {
    setDraft((previous) => ({ ...previous, [name]: value }));
    setRefusal(undefined);
    save.clear();
  };
  const submit = async () => {
    const body = entity ? changesOf(kind.kind, draft, entity) : createBodyOf(kind.kind, draft);
    const refused = refusalOf(kind.kind, body, entity ? 'edit' : 'create');
    setRefusal(refused && new ApiError(400, { ...refused }));
    save.clear();
    if (refused) return;
    if (entity && Object.keys(body).length === 0) return onSaved(entity);
    const saved = await save.submit(body);
    if (saved) onSaved(saved);
  };
  const error = refusal ?? save.error;
  const isFlag = kind.kind === 'feature_flag';
  const singular = kind.singular.toLowerCase();
  return (
    <DialogForm
      title={entity ? `Edit ${singular} “${displayName(entity)}”` : `New ${singular} in ${environment.name}`}
      onClose={onClose}
      wide
      action={{ pending: save.pending, error }}
      fields={FIELDS}
      submitLabel={entity ? 'Save' : `Create ${singular}`}
      onSubmit={submit}
    >
      <TextField label={isFlag ? 'Key' : 'Name'} name={isFlag ? 'key' : 'name'} error={error} value={draft.name} onValue={(value) => set('name', value)} required />
      <TextField label="Description" name="description" error={error} value={draft.description} onValue={(value) => set('description', value)} />
      <TextField label="Tags (comma-separated)" name="tags" error={error} value={draft.tags} onValue={(value) => set('tags', value)} />
      {index.loading && !index.data ? <Loading what="Loading what it can reference" /> : null}
      <KindFields kind={kind.kind} draft={draft} set={set} index={index.data} self={entity?.id} error={error} creating={!entity} />
    </DialogForm>
  );
}
