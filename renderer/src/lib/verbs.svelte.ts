/**
 * Runs the agent's verbs through the bridge: marks what is in flight (so a button shows it is busy),
 * turns every outcome into words, and never leaves a spinner stuck: a verb that does not answer in
 * time, or throws, ends as an error too. A failure is a toast; a success shows in place (the header,
 * the card), so its words go only to screen readers (`done`), unless what it did happens out of sight.
 */
import type { VerbResult } from '@shared/companion.ts';
import type { I18n } from './i18n.svelte.ts';
import type { Toasts } from './toasts.svelte.ts';

const NO_ANSWER_MS = 15_000;

export class VerbRunner {
  busy = $state<Record<string, boolean>>({});
  /** The last success in words, for the polite live region. */
  done = $state('');
  #i18n: I18n;
  #toasts: Toasts;

  constructor(i18n: I18n, toasts: Toasts) {
    this.#i18n = i18n;
    this.#toasts = toasts;
  }

  isBusy(key: string): boolean {
    return this.busy[key] === true;
  }

  /**
   * Runs `verb` once at a time per key; says `success` (or the PBX's message) when it works, as a toast
   * with `toast` (the result is not on screen: the phone rings first, a supervisor's line opens).
   */
  async run(key: string, verb: () => Promise<VerbResult>, success?: string, options: { toast?: boolean } = {}): Promise<VerbResult> {
    if (this.busy[key]) return { ok: false, error: 'busy' };
    this.busy[key] = true;
    // A new try makes the last one's failure old news.
    this.#toasts.drop(key);
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
      if (text && options.toast) this.#toasts.show('info', text);
      else if (text) this.done = text;
    } else {
      this.#toasts.show('error', this.#i18n.say(result.phrase, result.error), key);
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
