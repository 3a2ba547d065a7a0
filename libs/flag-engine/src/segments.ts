import { compileCondition, type ConditionScope, type Matcher } from './conditions';
import type { EnvironmentEvaluationContext, RuleContext, SegmentContext, SegmentResult } from './evaluation-context';

/** The context's segments compiled: decided in `order` (a cohort before the segments naming it), each once. */
export interface CompiledSegments {
  segments: SegmentContext[];
  matchers: Matcher[];
  results: SegmentResult[];
  order: number[];
}

const always: Matcher = () => true;
const never: Matcher = () => false;

export function compileSegments(context: EnvironmentEvaluationContext): CompiledSegments {
  const segments = Object.values(context.segments ?? {});
  const indexByKey = new Map(segments.map((segment, index) => [segment.key, index] as const));
  const references = segments.map((segment) => cohortsNamed(segment.rules, indexByKey));
  const closesCycle = (from: number, to: number) => reaches(to, from, references);
  const matchers = segments.map((segment, index) => {
    const scope: ConditionScope = {
      context,
      segmentKey: segment.key,
      cohortIndex: (key) => {
        const target = indexByKey.get(key);
        return target === undefined || closesCycle(index, target) ? undefined : target;
      },
    };
    return compileSegment(segment, scope);
  });
  const results = segments.map(({ name, metadata }): SegmentResult => (metadata === undefined ? { name } : { name, metadata }));
  return { segments, matchers, results, order: dependencyOrder(references, closesCycle) };
}

/** In a segment when every rule matches; a segment without rules has no one in it. */
function compileSegment(segment: SegmentContext, scope: ConditionScope): Matcher {
  if (segment.rules.length === 0) return never;
  return everyOf(segment.rules.map((rule) => compileRule(rule, scope)));
}

/**
 * A rule's type quantifies its conditions and, separately, its nested rules (an ANY of ALL groups is an OR of ANDs,
 * as Flagsmith's engine does since engine-test-data v3.7); an empty list is no constraint; both must hold.
 */
function compileRule(rule: RuleContext, scope: ConditionScope): Matcher {
  const conditions = (rule.conditions ?? []).map((condition) => compileCondition(condition, scope));
  const nested = (rule.rules ?? []).map((child) => compileRule(child, scope));
  const own = conditions.length === 0 ? always : quantified(rule.type, conditions);
  if (nested.length === 0) return own;
  const groups = quantified(rule.type, nested);
  if (conditions.length === 0) return groups;
  return (subject) => own(subject) && groups(subject);
}

function quantified(type: RuleContext['type'], matchers: Matcher[]): Matcher {
  switch (type) {
    case 'ALL':
      return everyOf(matchers);
    case 'ANY':
      return (subject) => {
        for (let i = 0; i < matchers.length; i++) if (matchers[i](subject)) return true;
        return false;
      };
    case 'NONE':
      return (subject) => {
        for (let i = 0; i < matchers.length; i++) if (matchers[i](subject)) return false;
        return true;
      };
    default: {
      const _exhaustive: never = type;
      return _exhaustive;
    }
  }
}

function everyOf(matchers: Matcher[]): Matcher {
  if (matchers.length === 1) return matchers[0];
  return (subject) => {
    for (let i = 0; i < matchers.length; i++) if (!matchers[i](subject)) return false;
    return true;
  };
}

function cohortsNamed(rules: readonly RuleContext[], indexByKey: ReadonlyMap<string, number>): number[] {
  const named = new Set<number>();
  const visit = (list: readonly RuleContext[]): void => {
    for (const rule of list) {
      for (const { operator, value } of rule.conditions ?? []) {
        const index = operator === 'IN_COHORT' && typeof value === 'string' ? indexByKey.get(value) : undefined;
        if (index !== undefined) named.add(index);
      }
      visit(rule.rules ?? []);
    }
  };
  visit(rules);
  return [...named];
}

function reaches(from: number, to: number, references: readonly number[][]): boolean {
  const seen = new Set<number>();
  const stack = [from];
  while (stack.length > 0) {
    const at = stack.pop()!;
    if (at === to) return true;
    if (seen.has(at)) continue;
    seen.add(at);
    stack.push(...references[at]);
  }
  return false;
}

/** Depth-first post-order over the references that close no cycle: every cohort is decided before its users. */
function dependencyOrder(references: readonly number[][], closesCycle: (from: number, to: number) => boolean): number[] {
  const order: number[] = [];
  const placed = new Set<number>();
  const place = (index: number): void => {
    if (placed.has(index)) return;
    placed.add(index);
    for (const target of references[index]) if (!closesCycle(index, target)) place(target);
    order.push(index);
  };
  references.forEach((_, index) => place(index));
  return order;
}
