/**
 * The current time, ticking once a second while anything on screen reads it (call timers, "5 min ago"),
 * and at once when the popover is shown again: a hidden window's timers are throttled (to once a
 * minute after a while), so the first frame after opening would show a stale call timer.
 */
import { createSubscriber } from 'svelte/reactivity';

export class Clock {
  #subscribe = createSubscriber((update) => {
    const timer = setInterval(update, 1000);
    const shown = () => document.visibilityState === 'visible' && update();
    document.addEventListener('visibilitychange', shown);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', shown);
    };
  });

  get now(): number {
    this.#subscribe();
    return Date.now();
  }
}
