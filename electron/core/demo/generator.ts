/**
 * Generated traffic for the demo PBX: a call every N seconds from the rotating callers, the
 * queues taking turns, and now and then a caller who gives up while it rings. Used by
 * `npm run demo-pbx` and by the app when it runs the demo in-process.
 */
import { CallerRotation } from './callers.ts';
import type { DemoControl } from './control.ts';

export interface GeneratorOptions {
  everyMs: number;
  /** Every Nth call is abandoned (the caller hangs up unanswered after `abandonAfterMs`); 0 never. */
  abandonEvery?: number;
  abandonAfterMs?: number;
  /** How long an answered caller talks before hanging up. */
  talkMs?: number;
  queues?: readonly string[];
}

/** Starts generating calls; returns a stop function. The first call comes after a short pause. */
export function startCallGenerator(control: DemoControl, options: GeneratorOptions): () => void {
  const callers = new CallerRotation();
  const queues = options.queues ?? ['support', 'sales'];
  const abandonEvery = options.abandonEvery ?? 4;
  let n = 0;
  const tick = () => {
    n++;
    const caller = callers.take();
    const abandon = abandonEvery > 0 && n % abandonEvery === 0;
    control.incomingCall({
      queue: queues[(n - 1) % queues.length],
      callerNumber: caller.number,
      callerName: caller.name,
      // No vars: the demo's IVR asks its FastAGI service (DemoPbxOptions.agiIvr).
      talkMs: options.talkMs ?? 15_000,
      ...(abandon ? { abandonAfterMs: options.abandonAfterMs ?? 1500 } : {}),
    });
  };
  let timer: NodeJS.Timeout | undefined;
  const first = setTimeout(
    () => {
      tick();
      timer = setInterval(tick, options.everyMs);
    },
    Math.min(options.everyMs, 3000),
  );
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
