import { open, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from './gateway-client';

/** The files the CLI reads and writes: a problem with one is bad usage (exit 2), said in one line, before any job. */

/** What went wrong with a path, in words (the system's message for what this does not name). */
function reason(error: unknown, missing: string): string {
  switch (errorCode(error)) {
    case 'ENOENT':
      return missing;
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'EISDIR':
      return 'it is a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

function errorCode(error: unknown): unknown {
  return error instanceof Error && 'code' in error ? error.code : undefined;
}

/** Checks that `file` can be written, creating nothing: an existing file is opened for writing, a new one created and removed. */
export async function checkWritable(file: string): Promise<void> {
  try {
    await (await open(file, 'wx')).close();
    await unlink(file);
    return;
  } catch (error) {
    if (errorCode(error) !== 'EEXIST') throw unwritable(file, error);
  }
  try {
    await (await open(file, 'r+')).close();
  } catch (error) {
    throw unwritable(file, error);
  }
}

function unwritable(file: string, error: unknown): UsageError {
  return new UsageError(`cannot write ${file}: ${reason(error, `the directory ${path.dirname(path.resolve(file))} does not exist`)}`);
}

/** The file's text, or bad usage naming the file and why it cannot be read. */
export async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${reason(error, 'no such file')}`);
  }
}
