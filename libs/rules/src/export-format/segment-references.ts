import { cohortReferencesOf, type SegmentRule } from '@strata/contracts/entities';
import { cycles } from './cohort-cycles';
import type { ExportFile } from '@strata/contracts/export';
import type { Path, Problems } from './problems';
import type { NameIndex, Sections } from './references';

/**
 * What a segment's rules name: IN_COHORT another segment of the file (visible from the segment's scope, never
 * reaching back to itself) and PERFORMED_ACTION an action, which only the target can tell exists.
 */

interface NamedCondition {
  operator: 'IN_COHORT' | 'PERFORMED_ACTION';
  name: string;
  path: Path;
}

function* namedConditions(rules: readonly SegmentRule[], path: Path): Generator<NamedCondition> {
  for (const [index, rule] of rules.entries()) {
    for (const [at, { operator, value }] of rule.conditions.entries()) {
      if (operator === 'IN_COHORT' || operator === 'PERFORMED_ACTION') yield { operator, name: value.trim(), path: [...path, index, 'conditions', at, 'value'] };
    }
    yield* namedConditions(rule.rules, [...path, index, 'rules']);
  }
}

export function addSegmentReferenceProblems({ segments }: Sections, names: NameIndex, problems: Problems): void {
  const edges = segments.map((segment, index) => {
    if (segment === undefined) return [];
    if (segment.environment !== undefined && !names.environments.has(segment.environment)) {
      problems.add(['segments', index, 'environment'], `No environment named "${segment.environment}" in the file.`);
    }
    return cohortEdges(segment.rules, segment.environment, ['segments', index, 'rules'], { segments, names, problems });
  });
  for (const group of cycles(edges)) {
    const others = (member: number) => group.filter((other) => other !== member).map((other) => `"${segments[other]?.name}"`);
    for (const member of group) {
      const through = others(member);
      problems.add(['segments', member, 'rules'], `Segment "${segments[member]?.name}" reaches itself through IN_COHORT${through.length > 0 ? ` (with ${through.join(', ')})` : ''}.`);
    }
  }
}

/** The segments (first of each name) one segment's IN_COHORT conditions reach, after checking each may be reached. */
function cohortEdges(rules: readonly SegmentRule[], owner: string | undefined, path: Path, context: { segments: Sections['segments']; names: NameIndex; problems: Problems }): number[] {
  const edges: number[] = [];
  for (const condition of namedConditions(rules, path)) {
    if (condition.operator !== 'IN_COHORT') continue;
    const target = context.names.segments.get(condition.name);
    if (target === undefined) {
      context.problems.add(condition.path, `No segment named "${condition.name}" in the file.`);
      continue;
    }
    const targetOwner = context.segments[target]?.environment;
    if (targetOwner !== undefined && targetOwner !== owner) {
      const user = owner === undefined ? 'a project-wide segment' : `a segment of "${owner}"`;
      context.problems.add(condition.path, `Segment "${condition.name}" belongs to environment "${targetOwner}"; ${user} cannot use it.`);
    }
    edges.push(target);
  }
  return edges;
}

/** The actions PERFORMED_ACTION conditions name, each once: the importer checks the target has them (SPEC §6). */
export function actionNamesUsed(file: ExportFile): string[] {
  return [...new Set(file.segments.flatMap((segment) => cohortReferencesOf(segment.rules).actionIds.map((name) => name.trim())))];
}
