import { writeFile } from 'node:fs/promises';
import { InputError, errorMessage } from '../errors.js';

/** Writes a command's --json file; a path that cannot be written is bad input naming the flag. */
export async function writeJsonFile(path: string, document: unknown): Promise<void> {
  try {
    await writeFile(path, `${JSON.stringify(document, null, 2)}\n`);
  } catch (error) {
    throw new InputError(`--json: cannot write ${path}: ${errorMessage(error)}`, { cause: error });
  }
}
