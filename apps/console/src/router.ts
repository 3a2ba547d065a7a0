import { type AnchorHTMLAttributes, createElement, type MouseEvent, useSyncExternalStore } from 'react';

/** History-API routing: the URL is the state of the view, so a link opens the same view. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === location.pathname + location.search) return;
  if (options.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  return () => window.removeEventListener('popstate', onChange);
}

export function useLocation(): { pathname: string; search: URLSearchParams } {
  const href = useSyncExternalStore(subscribe, () => location.pathname + location.search);
  const [pathname, query = ''] = href.split('?');
  return { pathname, search: new URLSearchParams(query) };
}

/** Where the URL points: `/environments/:envId/:section/:id?`. */
export interface Route {
  environmentId: number | null;
  section: string;
  id: string | null;
}

export function routeOf(pathname: string): Route {
  const match = /^\/environments\/(\d+)(?:\/([^/]+))?(?:\/([^/]+))?\/?$/.exec(pathname);
  if (!match) return { environmentId: null, section: '', id: null };
  return { environmentId: Number(match[1]), section: match[2] ?? 'dashboards', id: match[3] ? decodeURIComponent(match[3]) : null };
}

export function environmentPath(environmentId: number, section = 'dashboards', id?: string | null): string {
  return `/environments/${environmentId}/${section}${id ? `/${encodeURIComponent(id)}` : ''}`;
}

/** A real link (opens in a new tab with the usual keys) that navigates in place on a plain click. */
export function Link(props: AnchorHTMLAttributes<HTMLAnchorElement> & { to: string }) {
  const { to, onClick, ...rest } = props;
  const click = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return createElement('a', { ...rest, href: to, onClick: click });
}
