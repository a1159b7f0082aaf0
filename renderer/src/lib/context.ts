/** What every component of a window shares, handed down through Svelte's context (no module singletons). */
import { getContext, setContext } from 'svelte';
import type { Clock } from './clock.svelte.ts';
import type { CompanionState } from './companion.svelte.ts';
import type { I18n } from './i18n.svelte.ts';
import type { PauseReasons } from './pause-reasons.svelte.ts';
import type { Pops } from './pops.svelte.ts';
import type { Theme } from './theme.svelte.ts';
import type { Toasts } from './toasts.svelte.ts';
import type { VerbRunner } from './verbs.svelte.ts';

export interface Ui {
  i18n: I18n;
  theme: Theme;
  toasts: Toasts;
  clock: Clock;
}

export interface PopoverUi extends Ui {
  companion: CompanionState;
  verbs: VerbRunner;
  reasons: PauseReasons;
  pops: Pops;
}

const KEY = Symbol('ui');

export function setUi<T extends Ui>(ui: T): T {
  return setContext(KEY, ui);
}

export function getUi<T extends Ui = PopoverUi>(): T {
  return getContext<T>(KEY);
}
