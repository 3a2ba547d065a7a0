import type { ValueType } from '../api/types';
import { SelectField } from '../form';
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
      <SelectField label={typeLabel} value={type} options={VALUE_TYPES.map((entry) => ({ value: entry.type, label: entry.label }))} onValue={(next) => onChange(next || type, text)} />
      <Field label={valueLabel} error={error}>
        <input value={text} onChange={(event) => onChange(type, event.target.value)} />
      </Field>
    </>
  );
}
