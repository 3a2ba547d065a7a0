import type { z } from 'zod';
import type { ExportProblem } from '@strata/contracts/export';

/** A JSON path as parts (`['features', 3, 'name']`), written with dots (`features.3.name`). */
export type Path = readonly (string | number)[];

export function pathText(path: Path): string {
  return path.map(String).join('.');
}

/** Collects problems in the order they are found. */
export class Problems {
  readonly list: ExportProblem[] = [];

  add(path: Path, detail: string): void {
    this.list.push({ path: pathText(path), detail });
  }

  /** A zod error's issues under `prefix`; an unknown field is named by its own path. */
  addIssues(prefix: Path, error: z.ZodError): void {
    for (const issue of error.issues) {
      const at = [...prefix, ...issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part))];
      if (issue.code === 'unrecognized_keys') issue.keys.forEach((key) => this.add([...at, key], 'Unknown field.'));
      else this.add(at, issue.message);
    }
  }
}

/** Parses `value` with `schema`, adding its issues under `path` (built only then); undefined when it does not parse. */
export function parseAt<Schema extends z.ZodType>(schema: Schema, value: unknown, path: Path | (() => Path), problems: Problems): z.output<Schema> | undefined {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  problems.addIssues(typeof path === 'function' ? path() : path, result.error);
  return undefined;
}
