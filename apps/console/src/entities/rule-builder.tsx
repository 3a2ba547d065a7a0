import { referencedKindOf, SEGMENT_OPERATOR_WORDS, SEGMENT_OPERATORS, SEGMENT_RULE_TYPE_WORDS, SEGMENT_RULE_TYPES, type SegmentRuleType, takesValue, testsProperty } from '@strata/contracts/entities';
import type { ApiError } from '../api/client';
import type { Entity } from '../api/types';
import { type Choice, SelectField } from '../form';
import { Field, FieldError, fieldError } from '../ui';
import { changedCondition, childAttr, type ConditionDraft, conditionAttr, type GroupDraft, mayNest, newCondition, newGroup, removeAt, replaceAt } from './cohort-rules';
import { displayName } from './kinds';

/** What a condition may name: the cohorts and actions this environment sees, by name. */
export interface Nameable {
  cohort: Entity[];
  action: Entity[];
}

const OPERATOR_CHOICES = SEGMENT_OPERATORS.map((operator) => ({ value: operator, label: SEGMENT_OPERATOR_WORDS[operator] }));
const TYPE_CHOICES: Choice<SegmentRuleType>[] = SEGMENT_RULE_TYPES.map((type) => ({ value: type, label: SEGMENT_RULE_TYPE_WORDS[type] }));

/** A cohort's rules: every top-level group must match; each group nests groups and holds conditions, operators in words. */
export function RuleBuilder({ groups, onChange, nameable, error }: { groups: GroupDraft[]; onChange: (groups: GroupDraft[]) => void; nameable: Nameable; error: ApiError | undefined }) {
  const own = fieldError(error, 'rules', true);
  return (
    <fieldset className="rule-builder" data-testid="rule-builder">
      <legend>Who is in it: people who match every group</legend>
      {groups.map((group, at) => (
        <GroupField key={group.key} group={group} label={`Group ${at + 1}`} attr={`rules.${at}`} depth={1} nameable={nameable} error={error} onChange={(next) => onChange(replaceAt(groups, at, next))} onRemove={() => onChange(removeAt(groups, at))} />
      ))}
      <button type="button" onClick={() => onChange([...groups, newGroup()])}>
        Add a group
      </button>
      <FieldError message={own} />
    </fieldset>
  );
}

function GroupField({ group, label, attr, depth, nameable, error, onChange, onRemove }: {
  group: GroupDraft;
  label: string;
  attr: string;
  depth: number;
  nameable: Nameable;
  error: ApiError | undefined;
  onChange: (group: GroupDraft) => void;
  onRemove: () => void;
}) {
  const set = (change: Partial<GroupDraft>) => onChange({ ...group, ...change });
  const own = fieldError(error, attr, true) ?? fieldError(error, `${attr}.rules`, true) ?? fieldError(error, `${attr}.conditions`, true);
  return (
    <fieldset className="rule-group" aria-label={label}>
      <legend>{label}</legend>
      <div className="row">
        <SelectField label="Requires" value={group.type} options={TYPE_CHOICES} onValue={(type) => type && set({ type })} error={fieldError(error, `${attr}.type`)} />
        <button type="button" className="remove" onClick={onRemove}>
          Remove {label.toLowerCase()}
        </button>
      </div>
      {group.conditions.map((condition, at) => (
        <ConditionField
          key={condition.key}
          condition={condition}
          label={`Condition ${at + 1} of ${label.toLowerCase()}`}
          attr={conditionAttr(attr, at)}
          nameable={nameable}
          error={error}
          onChange={(change) => set({ conditions: replaceAt(group.conditions, at, changedCondition(condition, change)) })}
          onRemove={() => set({ conditions: removeAt(group.conditions, at) })}
        />
      ))}
      {group.groups.map((child, at) => (
        <GroupField key={child.key} group={child} label={`${label}.${at + 1}`} attr={childAttr(attr, at)} depth={depth + 1} nameable={nameable} error={error} onChange={(next) => set({ groups: replaceAt(group.groups, at, next) })} onRemove={() => set({ groups: removeAt(group.groups, at) })} />
      ))}
      <div className="buttons start">
        <button type="button" onClick={() => set({ conditions: [...group.conditions, newCondition()] })}>
          Add a condition to {label.toLowerCase()}
        </button>
        {mayNest(depth) ? (
          <button type="button" onClick={() => set({ groups: [...group.groups, newGroup()] })}>
            Add a group inside {label.toLowerCase()}
          </button>
        ) : null}
      </div>
      <FieldError message={own} />
    </fieldset>
  );
}

/** One condition: the property it tests, the operator in words, the value (a cohort or an action picked by name). */
function ConditionField({ condition, label, attr, nameable, error, onChange, onRemove }: {
  condition: ConditionDraft;
  label: string;
  attr: string;
  nameable: Nameable;
  error: ApiError | undefined;
  onChange: (change: Partial<Omit<ConditionDraft, 'key'>>) => void;
  onRemove: () => void;
}) {
  const { operator } = condition;
  const referenced = referencedKindOf(operator);
  const fieldOf = (name: 'property_' | 'operator' | 'value') => fieldError(error, `${attr}.${name}`) ?? (name === 'value' ? fieldError(error, attr, true) : undefined);
  return (
    <div className="row condition" role="group" aria-label={label}>
      {referenced ? null : (
        <Field label={testsProperty(operator) ? 'Property' : 'Property (optional)'} error={fieldOf('property_')}>
          <input value={condition.property} placeholder="plan, or $.identity.key" onChange={(event) => onChange({ property: event.target.value })} />
        </Field>
      )}
      <SelectField label="Operator" value={operator} options={OPERATOR_CHOICES} onValue={(next) => next && onChange({ operator: next })} error={fieldOf('operator')} />
      {referenced ? (
        <SelectField label="Value" value={condition.value} none={`Choose ${referenced === 'cohort' ? 'a cohort' : 'an action'}`} options={nameable[referenced].map((entity) => ({ value: entity.id, label: displayName(entity) }))} onValue={(value) => onChange({ value })} error={fieldOf('value')} />
      ) : takesValue(operator) ? (
        <Field label="Value" error={fieldOf('value')}>
          <input value={condition.value} onChange={(event) => onChange({ value: event.target.value })} />
        </Field>
      ) : null}
      <button type="button" className="remove" onClick={onRemove} aria-label={`Remove ${label.toLowerCase()}`}>
        Remove
      </button>
    </div>
  );
}
