import { type ReactNode, useCallback, useEffect, useId, useRef, useState } from 'react';
import { ApiError } from './api/client';

/** A load bound to its inputs: re-run when they change or on `reload()`; a stale answer is dropped. */
export function useLoad<T>(load: () => Promise<T>, inputs: unknown[]): { data: T | undefined; error: ApiError | undefined; loading: boolean; reload: () => void } {
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({ loading: true });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    setState((previous) => ({ data: previous.data, loading: true }));
    load().then(
      (data) => current && setState({ data, loading: false }),
      (error: unknown) => current && setState({ error: asApiError(error), loading: false }),
    );
    return () => {
      current = false;
    };
    // The caller names what the load depends on.
  }, [...inputs, round]);
  const reload = useCallback(() => setRound((value) => value + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

/** An action of a form or button: its pending state and the API's error, kept for the fields to show. */
export function useAction<A extends unknown[], T>(run: (...args: A) => Promise<T>): {
  submit: (...args: A) => Promise<T | undefined>;
  pending: boolean;
  error: ApiError | undefined;
  clear: () => void;
} {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError>();
  const submit = async (...args: A) => {
    setPending(true);
    setError(undefined);
    try {
      return await run(...args);
    } catch (caught) {
      setError(asApiError(caught));
      return undefined;
    } finally {
      setPending(false);
    }
  };
  return { submit, pending, error, clear: () => setError(undefined) };
}

export function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError(0, { type: 'client_error', code: 'client_error', detail: error instanceof Error ? error.message : String(error), attr: null });
}

/** The API's `detail` when its `attr` names this field (or something inside it, unless `exactly`). */
export function fieldError(error: ApiError | undefined, field: string, exactly = false): string | undefined {
  if (!error) return undefined;
  const names = (attr: string | null) => attr !== null && (attr === field || (!exactly && (attr.startsWith(`${field}.`) || attr.startsWith(`${field}[`))));
  if (names(error.attr)) return error.detail;
  return error.body.errors?.find((problem) => names(problem.attr))?.detail;
}

/** An error none of the form's fields shows: the form shows it above its buttons. */
export function FormError({ error, fields = [] }: { error: ApiError | undefined; fields?: string[] }) {
  if (!error || fields.some((field) => fieldError(error, field) !== undefined)) return null;
  return (
    <p className="form-error" role="alert">
      {error.detail}
      {error.attr ? <span className="attr"> ({error.attr})</span> : null}
    </p>
  );
}

export function Field({ label, error, hint, children, inline }: { label: string; error?: string; hint?: ReactNode; children: ReactNode; inline?: boolean }) {
  const id = useId();
  return (
    <div className={`field${inline ? ' inline' : ''}${error ? ' invalid' : ''}`}>
      <label>
        <span className="label">{label}</span>
        {children}
      </label>
      {hint ? <p className="hint">{hint}</p> : null}
      <FieldError message={error} id={id} />
    </div>
  );
}

/** A field's (or a group of fields') refusal, read out when it appears; nothing without one. */
export function FieldError({ message, id }: { message: string | undefined; id?: string }) {
  if (!message) return null;
  return (
    <p className="field-error" id={id} role="alert">
      {message}
    </p>
  );
}

export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      {what}…
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}

export function ErrorNote({ error }: { error: ApiError | undefined }) {
  if (!error) return null;
  return (
    <p className="form-error" role="alert">
      {error.detail}
    </p>
  );
}

export function ScopeBadge({ projectWide }: { projectWide: boolean }) {
  return projectWide ? <span className="badge project">project-wide</span> : <span className="badge environment">this environment</span>;
}

/** A dialog: focus moves in on open (and back out on close), Escape closes, and the page behind is inert to the pointer. */
export function Modal({ title, onClose, children, wide }: { title: string; onClose: () => void; children: ReactNode; wide?: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  // The latest onClose without re-running the effect: re-running it would pull focus back to the first field.
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    const first = ref.current?.querySelector<HTMLElement>('input, select, textarea, button:not(.close)');
    (first ?? ref.current)?.focus();
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && close.current();
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      previous?.focus?.();
    };
  }, []);
  return (
    <div className="backdrop" onMouseDown={(event) => event.target === event.currentTarget && onClose()}>
      <div className={`modal${wide ? ' wide' : ''}`} role="dialog" aria-modal="true" aria-labelledby={titleId} ref={ref} tabIndex={-1}>
        <header>
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="close" aria-label="Close" onClick={onClose}>
            ×
          </button>
        </header>
        {children}
      </div>
    </div>
  );
}

/** A secret the API shows once: visible, selectable and copyable, with the warning. */
export function Secret({ label, value }: { label: string; value: string }) {
  return (
    <div className="secret" role="status">
      <p>
        <strong>{label}</strong> — shown only this once; copy it now.
      </p>
      <code data-testid="secret">{value}</code>{' '}
      <button type="button" onClick={() => void navigator.clipboard?.writeText(value)}>
        Copy
      </button>
    </div>
  );
}

export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toLocaleString();
}

export function useDebounced<T>(value: T, ms = 250): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/** While `open`: Escape, or a press outside the elements `inside` names, calls `close` (a drawer, a dropdown). */
export function useDismiss(open: boolean, close: (by: 'escape' | 'outside') => void, inside: string[]): void {
  const latest = useRef(close);
  latest.current = close;
  const selectors = inside.join(',');
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && latest.current('escape');
    const onPress = (event: MouseEvent) => !(event.target instanceof Element && event.target.closest(selectors)) && latest.current('outside');
    window.addEventListener('keydown', onKey);
    window.addEventListener('mousedown', onPress);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('mousedown', onPress);
    };
  }, [open, selectors]);
}
