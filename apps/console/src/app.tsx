import { Component, type ErrorInfo, Fragment, type ReactNode, useEffect, useState } from 'react';
import { storedKey, storeKey } from './api/client';
import type { Environment } from './api/types';
import { PAGE_GROUPS, pageOf, PAGES } from './page-table';
import { environmentPath, Link, navigate, routeOf, useLocation } from './router';
import { SignIn } from './signin';
import { Switcher } from './switcher';
import { ErrorNote, Loading, useDismiss } from './ui';
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
  useDismiss(menuOpen, () => setMenuOpen(false), ['#sidebar', '.menu-toggle']);

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
  return (
    <nav className={`sidebar${open ? ' open' : ''}`} id="sidebar" aria-label="Sections">
      {PAGE_GROUPS.map((group) => (
        <Fragment key={group}>
          <h3>{group}</h3>
          <ul>
            {PAGES.filter((entry) => entry.group === group).map((entry) => (
              <li key={entry.section}>
                <Link to={environmentPath(environment.id, entry.section)} aria-current={section === entry.section ? 'page' : undefined}>
                  {entry.label}
                </Link>
              </li>
            ))}
          </ul>
        </Fragment>
      ))}
    </nav>
  );
}

/** The view the URL names; each is keyed by environment so switching starts it afresh there. */
function Page({ environment, section, id }: { environment: Environment; section: string; id: string | null }): ReactNode {
  const entry = pageOf(section);
  if (entry) return <Fragment key={`${environment.id}/${section}/${id ?? ''}`}>{entry.render({ environment, id })}</Fragment>;
  return (
    <section>
      <h1>Not found</h1>
      <p>
        There is no page “{section}”. <Link to={environmentPath(environment.id)}>Go to dashboards</Link>.
      </p>
    </section>
  );
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
