/**
 * The agent's own files (settings.json, history.json) read so that nothing about them stops the app
 * from starting: a file the OS refuses to read (permission denied, a folder in its place, a link loop,
 * an I/O error) comes back as a reason in words, and a file that cannot be used is moved aside as
 * `<file>.corrupt-<time>` where the OS allows it.
 */
import { copyFile, readFile, rename, stat } from 'node:fs/promises';
import { phrase, type Phrase } from '../../shared/phrases/index.ts';

export type UserFileRead = { kind: 'text'; text: string } | { kind: 'missing' } | { kind: 'unreadable'; why: Phrase };

export async function readUserFile(file: string): Promise<UserFileRead> {
  try {
    // Looked at before it is opened: opening a FIFO would wait for a writer forever.
    const info = await stat(file);
    if (!info.isFile())
      return { kind: 'unreadable', why: phrase(info.isDirectory() ? 'settings.file.is-folder' : 'settings.file.not-regular') };
    return { kind: 'text', text: await readFile(file, 'utf8') };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'unreadable', why: fileProblem(error) };
  }
}

export type SetAside = { ok: true; path: string } | { ok: false; why: Phrase };

/** Renames the file to `<file>.corrupt-<time>`; when the OS refuses, says why and leaves it in place. */
export async function setAside(file: string, now: () => number): Promise<SetAside> {
  const path = `${file}.corrupt-${new Date(now()).toISOString().replace(/[:.]/g, '-')}`;
  try {
    await rename(file, path);
    return { ok: true, path };
  } catch (error) {
    return { ok: false, why: fileProblem(error) };
  }
}

/** Copies the file to `<file>.invalid-<time>`, leaving it in place; when the OS refuses, says why. */
export async function keepCopy(file: string, now: () => number): Promise<SetAside> {
  const path = `${file}.invalid-${new Date(now()).toISOString().replace(/[:.]/g, '-')}`;
  try {
    await copyFile(file, path);
    return { ok: true, path };
  } catch (error) {
    return { ok: false, why: fileProblem(error) };
  }
}

const PROBLEMS = {
  EISDIR: 'settings.file.is-folder',
  ENOTDIR: 'settings.file.not-folder',
  ELOOP: 'settings.file.link-loop',
  EACCES: 'settings.file.denied',
  EPERM: 'settings.file.denied',
  EIO: 'settings.file.io-error',
} as const;

/** What the OS answered, in words ("permission denied"); an error it has no words for keeps its code. */
export function fileProblem(error: unknown): Phrase {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code && Object.hasOwn(PROBLEMS, code)) return phrase(PROBLEMS[code as keyof typeof PROBLEMS]);
  return phrase('settings.file.os-error', { detail: code ?? (error instanceof Error ? error.message : String(error)) });
}
