import { useState } from 'react';
import { api, type ApiError } from '../api/client';
import type { CursorPage } from '../api/types';
import { useAction, useLoad } from '../ui';

/**
 * A cursor-paginated list (SPEC §10's `{results, next}`): the first page, then each `next` appended on `more()`; read
 * afresh when `first` or `round` changes.
 */
export function useCursorPages<T>(first: string, round: unknown = 0): { results: T[]; next: string | null; loading: boolean; error: ApiError | undefined; more: () => void; reload: () => void } {
  const firstPage = useLoad(() => api<CursorPage<T>>('GET', first), [first, round]);
  // Pages read after the first belong to that first page: a new first page (filters, reload) drops them.
  const [later, setLater] = useState<{ after: CursorPage<T> | undefined; results: T[]; next: string | null }>();
  const extra = later && later.after === firstPage.data ? later : undefined;
  const next = extra ? extra.next : (firstPage.data?.next ?? null);
  const load = useAction(async (url: string) => {
    const page = await api<CursorPage<T>>('GET', url);
    setLater({ after: firstPage.data, results: [...(extra?.results ?? []), ...page.results], next: page.next });
  });
  return {
    results: [...(firstPage.data?.results ?? []), ...(extra?.results ?? [])],
    next,
    loading: firstPage.loading || load.pending,
    error: firstPage.error ?? load.error,
    more: () => void (next && load.submit(next)),
    reload: firstPage.reload,
  };
}
