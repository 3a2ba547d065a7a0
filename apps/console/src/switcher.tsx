import { type RefObject, useEffect, useRef, useState } from 'react';
import { api } from './api/client';
import type { Environment, Project } from './api/types';
import { kindByCollection } from './entities/kinds';
import { environmentPath, navigate, type Route } from './router';
import { DialogForm, TextField } from './form';
import { Field, fieldError, useAction, useDismiss } from './ui';
import { levelIn, projectSections, useWorkspace } from './workspace';

/**
 * Organization → project → environment, sectioned by project as the RFC draws it. Choosing an environment keeps the
 * page: the same section, and the same entity when the new environment sees it (else that kind's list).
 */
export function Switcher({ current, route }: { current: Environment | undefined; route: Route }) {
  const workspace = useWorkspace();
  const [open, setOpen] = useState(false);
  const [organizationId, setOrganizationId] = useState(current?.organization_id ?? workspace.me.organizations[0]?.id ?? '');
  const [creating, setCreating] = useState<Creating>();
  const panel = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const project = workspace.projects.find((candidate) => candidate.id === current?.project_id);
  const organization = workspace.me.organizations.find((candidate) => candidate.id === organizationId);

  useEffect(() => {
    if (current) setOrganizationId(current.organization_id);
  }, [current]);
  useEffect(() => {
    // Keyboard users land on the current environment; Escape brings them back to the switcher.
    if (open) panel.current?.querySelector<HTMLElement>('button[aria-current], .switcher-project button')?.focus();
  }, [open]);
  useDismiss(open, (by) => (setOpen(false), by === 'escape' && button.current?.focus()), ['.switcher']);

  const choose = async (environment: Environment) => {
    setOpen(false);
    navigate(await keptPath(environment.id, route));
  };
  const created = async (environmentId: number) => {
    setCreating(undefined);
    setOpen(false);
    await workspace.reload();
    navigate(environmentPath(environmentId, route.section || undefined));
  };

  return (
    <div className="switcher">
      <button type="button" ref={button} className="switcher-button" aria-haspopup="true" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="switcher">
        <span className="crumb">{organization?.name ?? 'Organization'}</span>
        <span className="sep">/</span>
        <span className="crumb">{project?.name ?? 'Project'}</span>
        <span className="sep">/</span>
        <strong className="crumb">{current?.name ?? 'Environment'}</strong>
        <span aria-hidden="true"> ▾</span>
      </button>
      {open ? <SwitcherPanel ref={panel} current={current} organizationId={organizationId} onOrganization={setOrganizationId} onChoose={(environment) => void choose(environment)} onCreate={setCreating} /> : null}
      {creating?.what === 'project' ? <NewProject organizationId={organizationId} onClose={() => setCreating(undefined)} onCreated={created} /> : null}
      {creating?.what === 'environment' ? <NewEnvironment project={creating.project} onClose={() => setCreating(undefined)} onCreated={created} /> : null}
    </div>
  );
}

type Creating = { what: 'project' } | { what: 'environment'; project: Project };

/** The dropdown: the organization, then each project's environments, and what an admin may create. */
function SwitcherPanel({ ref, current, organizationId, onOrganization, onChoose, onCreate }: {
  ref: RefObject<HTMLDivElement | null>;
  current: Environment | undefined;
  organizationId: string;
  onOrganization: (organizationId: string) => void;
  onChoose: (environment: Environment) => void;
  onCreate: (creating: Creating) => void;
}) {
  const workspace = useWorkspace();
  const organization = workspace.me.organizations.find((candidate) => candidate.id === organizationId);
  const sections = projectSections(workspace, organizationId);
  const admin = levelIn(workspace, organizationId) >= 8;
  return (
    <div className="switcher-panel" ref={ref} role="region" aria-label="Switch environment">
      {workspace.me.organizations.length > 1 ? (
        <Field label="Organization">
          <select value={organizationId} onChange={(event) => onOrganization(event.target.value)}>
            {workspace.me.organizations.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {candidate.name}
              </option>
            ))}
          </select>
        </Field>
      ) : (
        <p className="org-name">{organization?.name}</p>
      )}
      {sections.map(({ project: section, environments }) => (
        <section key={section.id} className="switcher-project" aria-label={`Project ${section.name}`}>
          <h4>{section.name}</h4>
          <ul>
            {environments.map((environment) => (
              <li key={environment.id}>
                <button type="button" className={environment.id === current?.id ? 'current' : ''} aria-current={environment.id === current?.id ? 'true' : undefined} onClick={() => onChoose(environment)}>
                  {environment.name}
                  {environment.access_control ? <span className="badge restricted">restricted</span> : null}
                </button>
              </li>
            ))}
          </ul>
          {admin ? (
            <button type="button" className="link" onClick={() => onCreate({ what: 'environment', project: section })}>
              + New environment in {section.name}
            </button>
          ) : null}
        </section>
      ))}
      {sections.length === 0 ? <p className="empty">No project you can see in this organization.</p> : null}
      {admin ? (
        <button type="button" className="new-project" onClick={() => onCreate({ what: 'project' })}>
          + New project
        </button>
      ) : null}
    </div>
  );
}

/** The same page in another environment: the entity if that environment sees it, else the list of its kind. */
async function keptPath(environmentId: number, route: Route): Promise<string> {
  const kind = kindByCollection(route.section);
  if (!route.id || !kind) return environmentPath(environmentId, route.section || undefined);
  try {
    await api('GET', `/api/v2/environments/${environmentId}/${kind.collection}/${route.id}`);
    return environmentPath(environmentId, route.section, route.id);
  } catch {
    return environmentPath(environmentId, route.section);
  }
}

function NewProject({ organizationId, onClose, onCreated }: { organizationId: string; onClose: () => void; onCreated: (environmentId: number) => void }) {
  const [name, setName] = useState('');
  const create = useAction(() => api<Project>('POST', '/api/v2/projects/', { name, organization_id: organizationId }));
  const submit = async () => {
    const project = await create.submit();
    if (project) onCreated(project.environments[0]?.id ?? project.id);
  };
  return (
    <DialogForm title="New project" onClose={onClose} action={create} fields={['name']} submitLabel="Create project" onSubmit={submit}>
      <p>A project is one product. It starts with one environment, Production; add staging or others afterwards.</p>
      <TextField label="Project name" name="name" error={create.error} value={name} onValue={setName} required />
    </DialogForm>
  );
}

function NewEnvironment({ project, onClose, onCreated }: { project: Project; onClose: () => void; onCreated: (environmentId: number) => void }) {
  const [name, setName] = useState('');
  const [restricted, setRestricted] = useState(false);
  const create = useAction(() => api<Environment>('POST', `/api/v2/projects/${project.id}/environments/`, { name, access_control: restricted }));
  const submit = async () => {
    const environment = await create.submit();
    if (environment) onCreated(environment.id);
  };
  return (
    <DialogForm title={`New environment in ${project.name}`} onClose={onClose} action={create} fields={['name', 'access_control']} submitLabel="Create environment" onSubmit={submit}>
      <div className="notice" data-testid="isolation-notice">
        <p>
          <strong>Data never crosses environments.</strong> Events, persons, groups and recordings sent to this environment stay in it, and it
          gets its own SDK key and settings. Nothing from another environment's data is copied in.
        </p>
        <p>
          Setup can be shared: dashboards, insights, cohorts, flags and the other entities you make <em>project-wide</em> appear in every
          environment of {project.name}. The taxonomy (events, properties, group types) is always the project's.
        </p>
      </div>
      <TextField label="Environment name" name="name" error={create.error} hint="Unique in the project, e.g. Staging or Development." value={name} onValue={setName} required />
      <Field label="Restricted: only admins and members granted access see it" inline error={fieldError(create.error, 'access_control')}>
        <input type="checkbox" checked={restricted} onChange={(event) => setRestricted(event.target.checked)} />
      </Field>
    </DialogForm>
  );
}
