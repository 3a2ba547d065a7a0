import { useReducer } from 'react';
import { api } from '../api/client';
import type { CopyDependencies, Entity, EntityCopy, Environment } from '../api/types';
import { DialogButtons, SelectField } from '../form';
import { Table } from '../list';
import { environmentPath, Link } from '../router';
import { ErrorNote, Field, Modal, useAction } from '../ui';
import { levelIn, useWorkspace } from '../workspace';
import { chosenRequest, copyBody, copyPath, copyReducer, type EntityCopyRequest, initialCopy, reportRows, reportSummary, requestToApply, targetChoices } from './entity-copy';
import { displayName, type Indexed, type Kind, kindByName } from './kinds';

const ADMIN = 8;

/**
 * "Copy to…" (SPEC §11): an environment of this or another project, dependencies copied or linked by name → the dry
 * run's preview (what will be created, what linked) or its refusal → the copy of exactly what was previewed → its report.
 */
export function CopyEntityDialog({ environment, kind, entity, index, onClose }: {
  environment: Environment;
  kind: Kind;
  entity: Entity;
  index: Map<string, Indexed> | undefined;
  onClose: () => void;
}) {
  const workspace = useWorkspace();
  const [state, dispatch] = useReducer(copyReducer, copyPath(environment.id, kind.collection, entity.id), initialCopy);
  const send = useAction((request: EntityCopyRequest, dryRun: boolean) => api<EntityCopy>('POST', request.path, copyBody(request, dryRun)));
  const targets = targetChoices(workspace.projects, workspace.environments, environment);
  const target = workspace.environments.find((candidate) => candidate.id === state.target);
  const targetName = targets.find((choice) => choice.value === state.target)?.label ?? '';
  const { stage } = state;

  const preview = async () => {
    const request = chosenRequest(state);
    const report = request && (await send.submit(request, true));
    if (request && report) dispatch({ type: 'previewed', request, report });
  };
  const copy = async () => {
    const request = requestToApply(state);
    const report = request && (await send.submit(request, false));
    if (request && report) dispatch({ type: 'copied', request, report });
  };
  const choose = (event: Parameters<typeof dispatch>[0]) => {
    send.clear();
    dispatch(event);
  };

  return (
    <Modal title={`Copy “${displayName(entity)}” to…`} onClose={onClose} wide>
      {stage.step === 'copied' ? null : (
        <>
          <p>
            A copy becomes the chosen environment’s own, with what it references; nothing changes here. Only admins of the organization may copy into its environments
            {levelIn(workspace, environment.organization_id) < ADMIN ? ' — you are not one, so the copy will be refused' : ''}.
          </p>
          <SelectField label="Target environment" value={state.target ?? ''} options={targets} none="Choose an environment" onValue={(value) => choose({ type: 'target', target: value === '' ? undefined : value })} />
          <fieldset>
            <legend>What it references</legend>
            {dependencyChoice('copy', 'Copy it along (new entities in the target)', state.dependencies, choose)}
            {dependencyChoice('link', 'Link to the target’s entity of the same kind and name, where it has one (copy the rest)', state.dependencies, choose)}
          </fieldset>
        </>
      )}
      <ErrorNote error={send.error} />
      {stage.step !== 'choose' ? (
        <Report report={stage.report} done={stage.step === 'copied'} target={target} targetName={targetName} index={index} />
      ) : null}
      {stage.step === 'copied' ? (
        <div className="buttons">
          <button type="button" className="primary" onClick={onClose}>
            Done
          </button>
        </div>
      ) : stage.step === 'preview' ? (
        <DialogButtons onCancel={onClose} label={`Copy to ${targetName}`} pending={send.pending} onConfirm={() => void copy()} />
      ) : (
        <DialogButtons onCancel={onClose} label="Preview the copy" pending={send.pending} disabled={state.target === undefined} onConfirm={() => void preview()} />
      )}
    </Modal>
  );
}

function dependencyChoice(value: CopyDependencies, label: string, chosen: CopyDependencies, choose: (event: { type: 'dependencies'; dependencies: CopyDependencies }) => void) {
  return (
    <Field label={label} inline>
      <input type="radio" name="dependencies" value={value} checked={chosen === value} onChange={() => choose({ type: 'dependencies', dependencies: value })} />
    </Field>
  );
}

/** The preview (what will be created, what linked) or, once copied, the report with links into the target. */
function Report({ report, done, target, targetName, index }: { report: EntityCopy; done: boolean; target: Environment | undefined; targetName: string; index: Map<string, Indexed> | undefined }) {
  const rows = reportRows(report, (id) => {
    const known = index?.get(id);
    return known ? displayName(known.entity) : undefined;
  });
  return (
    <div role="status">
      <p>
        <strong>{done ? `Copied to ${targetName}:` : `The copy to ${targetName} would make (nothing has changed yet):`}</strong> {reportSummary(report, done)}.
      </p>
      <Table
        label={done ? 'What the copy did' : 'What the copy will do'}
        testId={done ? 'copy-report' : 'copy-preview'}
        rows={rows}
        rowKey={(row) => `${row.outcome}:${row.fromId}`}
        columns={[
          { header: 'Kind', cell: (row) => kindByName(row.kind)?.singular ?? row.kind },
          { header: 'Name', cell: (row) => (done && target && row.id ? <Link to={environmentPath(target.id, kindByName(row.kind)?.collection, row.id)}>{row.name}</Link> : row.name) },
          { header: 'In the target', cell: (row) => outcomeText(row.outcome, done) },
        ]}
      />
    </div>
  );
}

function outcomeText(outcome: 'created' | 'linked', done: boolean): string {
  if (outcome === 'created') return done ? 'created (a new copy)' : 'will be created';
  return done ? 'linked (its own of that name)' : 'will use its own of that name';
}
