import { api, type Reference } from '../api/client';
import type { Entity, Environment } from '../api/types';
import { ErrorNote, Loading, Modal, useAction, useLoad } from '../ui';
import { useWorkspace } from '../workspace';
import { RefList } from './ref-list';
import type { Indexed, Kind } from './kinds';

/**
 * "Make project-wide": the API's dry run says what the promotion takes along (the entity and everything it depends
 * on, transitively); the confirmation lists exactly that, and one click applies it.
 */
export function PromoteDialog({ environment, kind, entity, index, onClose, onDone }: {
  environment: Environment;
  kind: Kind;
  entity: Entity;
  index: Map<string, Indexed> | undefined;
  onClose: () => void;
  onDone: (promoted: Reference[]) => void;
}) {
  const workspace = useWorkspace();
  const project = workspace.projects.find((candidate) => candidate.id === environment.project_id);
  const path = `/api/v2/environments/${environment.id}/${kind.collection}/${entity.id}/make_project_wide`;
  const plan = useLoad(() => api<{ promoted: Reference[] }>('POST', path, { dry_run: true }), [path]);
  const apply = useAction(() => api<{ promoted: Reference[] }>('POST', path, { dry_run: false }));
  const confirm = async () => {
    const answer = await apply.submit();
    if (answer) onDone(answer.promoted);
  };
  const siblings = workspace.environments.filter((candidate) => candidate.project_id === environment.project_id && candidate.id !== environment.id);
  return (
    <Modal title="Make project-wide" onClose={onClose} wide>
      {plan.loading ? <Loading what="Asking what the promotion takes along" /> : null}
      <ErrorNote error={plan.error} />
      {plan.data ? (
        <>
          <p>
            These {plan.data.promoted.length} will become project-wide: visible and usable in every environment of {project?.name ?? 'the project'}
            {siblings.length > 0 ? ` (${siblings.map((candidate) => candidate.name).join(', ')} too)` : ''}. Only setup is shared; no data moves.
          </p>
          <div data-testid="promotion-plan">
            <RefList refs={plan.data.promoted} index={index} environment={environment} empty="Nothing to promote: it is project-wide already." />
          </div>
        </>
      ) : null}
      <ErrorNote error={apply.error} />
      <div className="buttons">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="primary" onClick={() => void confirm()} disabled={!plan.data || apply.pending}>
          Make {plan.data ? plan.data.promoted.length : ''} project-wide
        </button>
      </div>
    </Modal>
  );
}

/** A refusal (409 `in_use`) with what blocks it: the dependents to change first. */
export function Blocked({ what, detail, dependents, index, environment }: { what: string; detail: string; dependents: Reference[]; index: Map<string, Indexed> | undefined; environment: Environment }) {
  return (
    <div className="blocked" role="alert" data-testid="blocked">
      <p>
        <strong>Cannot {what}.</strong> {detail}
      </p>
      <p>These depend on it:</p>
      <RefList refs={dependents} index={index} environment={environment} empty="(none listed)" />
    </div>
  );
}
