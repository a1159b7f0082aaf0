/**
 * Runs the agent's verbs through the bridge: marks what is in flight (so a button shows it is busy),
 * turns every outcome into words (a toast), and never leaves a spinner stuck: a verb that does not
 * answer in time, or throws, ends as an error too.
 */
import type { VerbResult } from '@shared/companion.ts';
import type { I18n } from './i18n.svelte.ts';
import type { Toasts } from './toasts.svelte.ts';

const NO_ANSWER_MS = 15_000;

export class VerbRunner {
  busy = $state<Record<string, boolean>>({});
  #i18n: I18n;
  #toasts: Toasts;

  constructor(i18n: I18n, toasts: Toasts) {
    this.#i18n = i18n;
    this.#toasts = toasts;
  }

  isBusy(key: string): boolean {
    return this.busy[key] === true;
  }

  /** Runs `verb` once at a time per key; shows `success` (or the PBX's message) when it works. */
  async run(key: string, verb: () => Promise<VerbResult>, success?: string): Promise<VerbResult> {
    if (this.busy[key]) return { ok: false, error: 'busy' };
    this.busy[key] = true;
    let result: VerbResult;
    try {
      result = await withDeadline(verb(), NO_ANSWER_MS, this.#i18n.t('toast.noAnswer'));
    } catch (error) {
      result = { ok: false, error: this.#i18n.sayError(error) };
    } finally {
      delete this.busy[key];
    }
    if (result.ok) {
      const text = success ?? (result.message === undefined ? undefined : this.#i18n.say(result.phrase, result.message));
      if (text) this.#toasts.show('info', text);
    } else {
      this.#toasts.show('error', this.#i18n.say(result.phrase, result.error));
    }
    return result;
  }
}

function withDeadline(promise: Promise<VerbResult>, ms: number, message: string): Promise<VerbResult> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve({ ok: false, error: message }), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        // As it is: a bridge refusal is a plain object carrying its phrase (IpcRejection).
        reject(error as Error);
      },
    );
  });
}
