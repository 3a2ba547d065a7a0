import type { ValueType } from '../api/types';
import { Field } from '../ui';
import { VALUE_TYPES } from './values';

/** A flag value as typed: its type and its text, each in its field (the row around them is the caller's). */
export function TypedValue({ typeLabel, valueLabel, type, text, error, onChange }: {
  typeLabel: string;
  valueLabel: string;
  type: ValueType;
  text: string;
  error?: string;
  onChange: (type: ValueType, text: string) => void;
}) {
  return (
    <>
      <Field label={typeLabel}>
        <select value={type} onChange={(event) => onChange(event.target.value as ValueType, text)}>
          {VALUE_TYPES.map((entry) => (
            <option key={entry.type} value={entry.type}>
              {entry.label}
            </option>
          ))}
        </select>
      </Field>
      <Field label={valueLabel} error={error}>
        <input value={text} onChange={(event) => onChange(type, event.target.value)} />
      </Field>
    </>
  );
}
