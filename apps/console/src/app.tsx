import { Component, type ErrorInfo, type ReactNode, useEffect, useState } from 'react';
import { storedKey, storeKey } from './api/client';
import type { Environment } from './api/types';
import { EntityDetail } from './entities/entity-detail';
import { EntityList } from './entities/entity-list';
import { kindByCollection, KINDS } from './entities/kinds';
import { AccessPage } from './pages/access';
import { ApiKeysPage } from './pages/api-keys';
import { KeysPage } from './pages/keys';
import { MembersPage } from './pages/members';
import { MergePage } from './pages/merge';
import { SettingsPage } from './pages/settings';
import { TaxonomyPage } from './pages/taxonomy';
import { TransferPage } from './pages/transfer';
import { environmentPath, Link, navigate, routeOf, useLocation } from './router';
import { SignIn } from './signin';
import { Switcher } from './switcher';
import { ErrorNote, Loading } from './ui';
import { projectSections, useWorkspace, WorkspaceProvider } from './workspace';

export function App() {
  const [key, setKey] = useState(storedKey());
  const signOut = () => {
    storeKey(null);
    setKey(null);
    navigate('/');
  };
  if (!key) return <SignIn onSignedIn={(value) => (storeKey(value), setKey(value))} />;
  return (
    <WorkspaceProvider
      key={key}
      fallback={(error) =>
        error ? (
          <main className="centered">
            <h1>Strata</h1>
            <ErrorNote error={error} />
            <button type="button" onClick={signOut}>
              Use another key
            </button>
          </main>
        ) : (
          <main className="centered">
            <Loading what="Loading your projects" />
          </main>
        )
      }
    >
      <Shell onSignOut={signOut} />
    </WorkspaceProvider>
  );
}

const PROJECT_PAGES = [
  { section: 'taxonomy', label: 'Taxonomy' },
  { section: 'transfer', label: 'Export & import' },
  { section: 'merge', label: 'Merge an environment' },
];
const ENVIRONMENT_PAGES = [
  { section: 'settings', label: 'Settings' },
  { section: 'keys', label: 'SDK keys' },
  { section: 'access', label: 'Access' },
];
const ORGANIZATION_PAGES = [
  { section: 'members', label: 'Members' },
  { section: 'api-keys', label: 'Personal API keys' },
];

function Shell({ onSignOut }: { onSignOut: () => void }) {
  const workspace = useWorkspace();
  const { pathname } = useLocation();
  const route = routeOf(pathname);
  const [menuOpen, setMenuOpen] = useState(false);
  const environment = workspace.environments.find((candidate) => candidate.id === route.environmentId);
  const first = workspace.me.organizations.flatMap((organization) => projectSections(workspace, organization.id))[0]?.environments[0];

  useEffect(() => {
    if (route.environmentId === null && first) navigate(environmentPath(first.id), { replace: true });
  }, [route.environmentId, first]);
  useEffect(() => setMenuOpen(false), [pathname]);

  return (
    <div className="shell">
      <header className="topbar">
        <button type="button" className="menu-toggle" aria-expanded={menuOpen} aria-controls="sidebar" onClick={() => setMenuOpen(!menuOpen)}>
          Menu
        </button>
        <span className="brand">Strata</span>
        <Switcher current={environment} route={route} />
        <span className="spacer" />
        <span className="who" title="Signed in with a personal API key kept for this browser session only">
          {workspace.me.email}
        </span>
        <button type="button" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <div className="body">
        {environment ? <Sidebar environment={environment} section={route.section} open={menuOpen} /> : null}
        <main className="content" id="content">
          <PageBoundary key={pathname}>
            {environment ? <Page environment={environment} section={route.section} id={route.id} /> : <NoEnvironment known={route.environmentId !== null} />}
          </PageBoundary>
        </main>
      </div>
    </div>
  );
}

function Sidebar({ environment, section, open }: { environment: Environment; section: string; open: boolean }) {
  const item = (target: string, label: string) => (
    <li key={target}>
      <Link to={environmentPath(environment.id, target)} aria-current={section === target ? 'page' : undefined}>
        {label}
      </Link>
    </li>
  );
  return (
    <nav className={`sidebar${open ? ' open' : ''}`} id="sidebar" aria-label="Sections">
      <h3>Entities</h3>
      <ul>{KINDS.map((kind) => item(kind.collection, kind.label))}</ul>
      <h3>Project</h3>
      <ul>{PROJECT_PAGES.map((page) => item(page.section, page.label))}</ul>
      <h3>Environment</h3>
      <ul>{ENVIRONMENT_PAGES.map((page) => item(page.section, page.label))}</ul>
      <h3>Organization</h3>
      <ul>{ORGANIZATION_PAGES.map((page) => item(page.section, page.label))}</ul>
    </nav>
  );
}

/** The view the URL names; each is keyed by environment so switching starts it afresh there. */
function Page({ environment, section, id }: { environment: Environment; section: string; id: string | null }): ReactNode {
  const kind = kindByCollection(section);
  const key = `${environment.id}/${section}/${id ?? ''}`;
  if (kind) return id ? <EntityDetail key={key} environment={environment} kind={kind} id={id} /> : <EntityList key={key} environment={environment} kind={kind} />;
  switch (section) {
    case 'taxonomy':
      return <TaxonomyPage key={key} environment={environment} />;
    case 'transfer':
      return <TransferPage key={key} environment={environment} />;
    case 'merge':
      return <MergePage key={key} environment={environment} />;
    case 'settings':
      return <SettingsPage key={key} environment={environment} />;
    case 'keys':
      return <KeysPage key={key} environment={environment} />;
    case 'access':
      return <AccessPage key={key} environment={environment} />;
    case 'members':
      return <MembersPage key={key} environment={environment} />;
    case 'api-keys':
      return <ApiKeysPage key={key} environment={environment} />;
    default:
      return (
        <section>
          <h1>Not found</h1>
          <p>
            There is no page “{section}”. <Link to={environmentPath(environment.id)}>Go to dashboards</Link>.
          </p>
        </section>
      );
  }
}

function NoEnvironment({ known }: { known: boolean }) {
  return (
    <section>
      <h1>{known ? 'Environment not found' : 'No environment yet'}</h1>
      <p>
        {known
          ? 'This environment does not exist or your key does not see it (restricted environments need a grant from an admin).'
          : 'Your key sees no environment. Create a project with the switcher above, or ask an admin for access.'}
      </p>
    </section>
  );
}

/** A page that throws while rendering shows what broke, and the rest of the console stays usable. */
class PageBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(error, info.componentStack);
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return (
      <section role="alert">
        <h1>This page failed</h1>
        <p className="form-error">{this.state.error.message}</p>
        <p>Another page from the menu, or reloading, starts afresh.</p>
      </section>
    );
  }
}
