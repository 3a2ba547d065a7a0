import { type FormEvent, type InputHTMLAttributes, type ReactNode, useEffect, useRef } from 'react';
import type { ApiError } from './api/client';
import type { Environment, Member } from './api/types';
import { ErrorNote, Field, fieldError, FormError, Modal } from './ui';

/** What a form needs of `useAction`: run it, its pending state and the API's error. */
export interface FormAction {
  pending: boolean;
  error: ApiError | undefined;
}

/**
 * A form bound to an action: the submit is the action, errors the fields do not show appear above the button, and
 * "Saved" (when given) after a success.
 */
export function ActionForm({ label, title, action, fields = [], submitLabel, onSubmit, children, className = 'card', primary = true, danger, saved }: {
  label?: string;
  title?: string;
  action: FormAction;
  fields?: string[];
  submitLabel: string;
  onSubmit: () => unknown;
  children: ReactNode;
  className?: string;
  primary?: boolean;
  danger?: boolean;
  saved?: boolean;
}) {
  const form = useRefusedFocus(action.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void onSubmit();
  };
  return (
    <form className={className} onSubmit={submit} aria-label={label} ref={form}>
      {title ? <h2>{title}</h2> : null}
      {children}
      <FormError error={action.error} fields={fields} />
      {saved ? (
        <p className="success" role="status">
          Saved.
        </p>
      ) : null}
      <button type="submit" className={danger ? 'danger' : primary ? 'primary' : undefined} disabled={action.pending}>
        {submitLabel}
      </button>
    </form>
  );
}

/** A refusal that names a field brings that field into view with the focus, however far up the form it is. */
function useRefusedFocus(error: ApiError | undefined) {
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    const invalid = form.current?.querySelector<HTMLElement>('.field.invalid input, .field.invalid select, .field.invalid textarea');
    invalid?.scrollIntoView({ block: 'center' });
    invalid?.focus({ preventScroll: true });
  }, [error]);
  return form;
}

/** A text input in its field, with the API's error for the field it names. */
export function TextField({ label, name, error, hint, value, onValue, ...input }: Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'name'> & {
  label: string;
  name: string;
  error: ApiError | undefined;
  hint?: ReactNode;
  value: string;
  onValue: (value: string) => void;
}) {
  return (
    <Field label={label} error={fieldError(error, name)} hint={hint}>
      <input {...input} value={value} onChange={(event) => onValue(event.target.value)} />
    </Field>
  );
}

/** A dialog's Cancel and its confirming button (the form's submit unless `onConfirm` is given). */
export function DialogButtons({ onCancel, label, pending, danger, onConfirm, disabled }: {
  onCancel: () => void;
  label: ReactNode;
  pending: boolean;
  danger?: boolean;
  onConfirm?: () => void;
  disabled?: boolean;
}) {
  return (
    <div className="buttons">
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
      <button type={onConfirm ? 'button' : 'submit'} className={danger ? 'danger' : 'primary'} onClick={onConfirm} disabled={pending || disabled}>
        {label}
      </button>
    </div>
  );
}

/** A form in a dialog: its fields, then Cancel and the submit (a new project, an environment, an entity). */
export function DialogForm({ title, onClose, action, fields, submitLabel, onSubmit, children, wide }: {
  title: string;
  onClose: () => void;
  action: FormAction;
  fields: string[];
  submitLabel: string;
  onSubmit: () => unknown;
  children: ReactNode;
  wide?: boolean;
}) {
  const form = useRefusedFocus(action.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void onSubmit();
  };
  return (
    <Modal title={title} onClose={onClose} wide={wide}>
      <form onSubmit={submit} ref={form}>
        {children}
        <FormError error={action.error} fields={fields} />
        <DialogButtons onCancel={onClose} label={submitLabel} pending={action.pending} />
      </form>
    </Modal>
  );
}

/** A confirmation in the page's style (never the browser's `confirm`): what happens, then Cancel or go ahead. */
export function ConfirmDialog({ title, children, confirmLabel, action, onClose, onConfirm, danger = true, disabled, wide }: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  action: FormAction;
  onClose: () => void;
  onConfirm: () => void;
  danger?: boolean;
  /** Nothing to confirm yet (a dry run still on its way, or refused). */
  disabled?: boolean;
  wide?: boolean;
}) {
  return (
    <Modal title={title} onClose={onClose} wide={wide}>
      {children}
      <ErrorNote error={action.error} />
      <DialogButtons onCancel={onClose} label={confirmLabel} pending={action.pending} danger={danger} onConfirm={onConfirm} disabled={disabled} />
    </Modal>
  );
}

export interface Choice<V extends string | number> {
  value: V;
  label: string;
}

/** A choice among options in its field; `none` adds a first choice meaning "none" (its value `''`). */
export function SelectField<V extends string | number>({ label, value, options, onValue, none, error, required }: {
  label: string;
  value: V | '';
  options: Choice<V>[];
  onValue: (value: V | '') => void;
  none?: string;
  error?: string;
  required?: boolean;
}) {
  return (
    <Field label={label} error={error}>
      <select value={value} required={required} onChange={(event) => onValue(options.find((option) => String(option.value) === event.target.value)?.value ?? '')}>
        {none !== undefined ? <option value="">{none}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

export const environmentChoices = (environments: Environment[]): Choice<number>[] => environments.map((environment) => ({ value: environment.id, label: environment.name }));
export const memberChoices = (members: Member[] | undefined): Choice<string>[] => (members ?? []).map((member) => ({ value: member.user.id, label: member.user.email }));
