/** The current time, ticking once a second while anything on screen reads it (call timers, "5 min ago"). */
import { createSubscriber } from 'svelte/reactivity';

export class Clock {
  #subscribe = createSubscriber((update) => {
    const timer = setInterval(update, 1000);
    return () => clearInterval(timer);
  });

  get now(): number {
    this.#subscribe();
    return Date.now();
  }
}
