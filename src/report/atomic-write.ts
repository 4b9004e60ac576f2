import { rename, rm, writeFile } from 'node:fs/promises';

let sequence = 0;

/** Writes through a temp file in the same folder and renames it over the target, so a crash
 * leaves either the old file or the new one, never half of one. */
export async function writeFileAtomic(path: string, contents: string): Promise<void> {
  const temporary = `${path}.${process.pid}.${++sequence}.tmp`;
  try {
    await writeFile(temporary, contents, 'utf8');
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
