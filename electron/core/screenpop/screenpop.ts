/**
 * The screen pop as the app and the CLI use it: snapshots in, decisions out. The trigger says when,
 * the template says what URL, the optional lookup enriches it within its timeout. Where the pop opens
 * (browser, pop window, notification) is the shell's business: it gets the decisions through callbacks.
 */
import { PhrasedError } from '../errors/phrased-error.ts';
import type { Phrase } from '../../shared/phrases/index.ts';
import type { CallInfo, Snapshot } from '../../shared/snapshot.ts';
import type { LookupOptions, LookupRecord } from './lookup.ts';
import { compileLookupUrl, lookupCaller } from './lookup.ts';
import type { CompiledTemplate, NumberFormat, RenderContext } from './template.ts';
import { compileTemplate, render } from './template.ts';
import type { TriggerOptions } from './trigger.ts';
import { DEFAULT_POP_MEMORY, PopTrigger } from './trigger.ts';

export interface PopDecision {
  type: 'pop';
  callId: string;
  /** null when the rendered URL was refused (see `error`): show the notification without "Open". */
  url: string | null;
  error?: string;
  /** `error` as a phrase, for a shell that says it in the agent's language. */
  errorPhrase?: Phrase;
  call: CallInfo;
  /** The caller lookup's fields, or null (none configured, failed or timed out). */
  lookup: LookupRecord | null;
}

export type LifecycleDecision =
  | { type: 'close'; callId: string; reason: 'missed'; call: CallInfo }
  /** Carries the first pop's URL and lookup again, so a closed window can be shown as it was. */
  | { type: 'reopen'; callId: string; call: CallInfo; url: string | null; lookup: LookupRecord | null };

export interface ScreenPopOptions {
  /** Validate it when saved with compileTemplate; an invalid string here throws. */
  template: string | CompiledTemplate;
  allowedSchemes?: readonly string[];
  trigger?: TriggerOptions;
  /** The agent's extension, for `{extension}`. */
  extension?: string;
  numberFormat?: NumberFormat;
  defaultCountry?: string;
  /** The caller lookup; null or absent: none. */
  lookup?: LookupOptions | null;
  /** Called once per popped call. */
  open: (decision: PopDecision) => void;
  /** Called when a pop should close (missed here) or show again (rings here again). */
  lifecycle?: (decision: LifecycleDecision) => void;
  /** Refusals and callback failures, in words for the app's log. */
  log?: (message: string) => void;
}

export interface ScreenPop {
  /** Feed every snapshot. Resolves once this snapshot's decisions are delivered (after any lookup). */
  onSnapshot(snapshot: Snapshot): Promise<void>;
}

export function createScreenPop(options: ScreenPopOptions): ScreenPop {
  const template = compiled(options.template, options.allowedSchemes);
  if (options.lookup && typeof options.lookup.url === 'string') {
    const checked = compileLookupUrl(options.lookup.url, options.lookup.allowedSchemes);
    if (!checked.ok) throw PhrasedError.of('pop.lookup.refused', { why: checked.phrase });
  }
  const trigger = new PopTrigger(options.trigger);
  const log = options.log ?? (() => undefined);
  const memory = options.trigger?.memory ?? DEFAULT_POP_MEMORY;
  const shown = new Map<string, { url: string | null; lookup: LookupRecord | null }>();
  // Decisions for one call are delivered in order: a close never overtakes its pop's lookup.
  const chains = new Map<string, Promise<void>>();

  const safely = (what: string, fn: () => void): void => {
    try {
      fn();
    } catch (error) {
      log(`screen pop: the ${what} callback failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  const pop = async (callId: string, call: CallInfo): Promise<void> => {
    const number = call.remote?.number ?? '';
    const lookup = options.lookup && number && number !== '<unknown>' ? await lookupCaller(number, options.lookup) : null;
    const context: RenderContext = { ...renderContext(options), lookup };
    const rendered = render(template, call, context);
    if (!rendered.ok) log(`screen pop refused for call ${callId}: ${rendered.reason}`);
    const decision: PopDecision = rendered.ok
      ? { type: 'pop', callId, url: rendered.url, call, lookup }
      : { type: 'pop', callId, url: null, error: rendered.reason, errorPhrase: rendered.phrase, call, lookup };
    shown.set(callId, { url: decision.url, lookup });
    if (shown.size > memory) shown.delete(shown.keys().next().value as string);
    safely('open', () => options.open(decision));
  };

  const enqueue = (callId: string, step: () => Promise<void> | void): Promise<void> => {
    // With nothing pending for this call the step runs now, in this snapshot's turn (a pop still
    // waits for its lookup); otherwise after what is pending.
    const pending = chains.get(callId);
    const started = pending ? pending.then(step) : new Promise<void>((resolve) => resolve(step()));
    const next = started.catch((error: unknown) => log(`screen pop: ${String(error)}`));
    chains.set(callId, next);
    void next.then(() => {
      if (chains.get(callId) === next) chains.delete(callId);
    });
    return next;
  };

  return {
    onSnapshot(snapshot) {
      const deliveries = trigger.next(snapshot).map((d) => {
        if (d.type === 'pop') return enqueue(d.callId, () => pop(d.callId, d.call));
        return enqueue(d.callId, () => {
          const lifecycle = options.lifecycle;
          if (!lifecycle) return;
          const was = shown.get(d.callId) ?? { url: null, lookup: null };
          safely('lifecycle', () => lifecycle(d.type === 'close' ? d : { ...d, ...was }));
        });
      });
      return Promise.all(deliveries).then(() => undefined);
    },
  };
}

export interface PopLine {
  type: 'pop';
  callId: string;
  url: string;
}

export interface PopLineOptions {
  trigger?: TriggerOptions;
  numberFormat?: NumberFormat;
  defaultCountry?: string;
  allowedSchemes?: readonly string[];
  /** Told about a pop whose URL was refused (no line is printed for it). */
  onRefused?: (callId: string, reason: string) => void;
}

export type PopLineStream = { ok: true; next(snapshot: Snapshot): PopLine[] } | { ok: false; error: string; phrase: Phrase };

/** For `replay --pop-url`: feed snapshots in order, print what each returns. No lookup, synchronous. */
export function createPopLineStream(template: string, extension: string, options: PopLineOptions = {}): PopLineStream {
  const checked = compileTemplate(template, options.allowedSchemes ? { allowedSchemes: options.allowedSchemes } : {});
  if (!checked.ok) return checked;
  const trigger = new PopTrigger(options.trigger);
  const context = renderContext({ ...options, extension });
  return {
    ok: true,
    next(snapshot) {
      const lines: PopLine[] = [];
      for (const decision of trigger.next(snapshot)) {
        if (decision.type !== 'pop') continue;
        const rendered = render(checked.template, decision.call, context);
        if (rendered.ok) lines.push({ type: 'pop', callId: decision.callId, url: rendered.url });
        else options.onRefused?.(decision.callId, rendered.reason);
      }
      return lines;
    },
  };
}

/** Every pop line of a sequence of snapshots. Throws an Error naming the problem when the template is invalid. */
export function popLinesFromSnapshots(
  snapshots: Iterable<Snapshot>,
  template: string,
  extension: string,
  options: PopLineOptions = {},
): PopLine[] {
  const stream = createPopLineStream(template, extension, options);
  if (!stream.ok) throw new Error(`--pop-url: ${stream.error}`);
  const lines: PopLine[] = [];
  for (const snapshot of snapshots) lines.push(...stream.next(snapshot));
  return lines;
}

function compiled(template: string | CompiledTemplate, allowedSchemes?: readonly string[]): CompiledTemplate {
  if (typeof template !== 'string') return template;
  const checked = compileTemplate(template, allowedSchemes ? { allowedSchemes } : {});
  if (!checked.ok) throw PhrasedError.of('pop.template.refused', { why: checked.phrase });
  return checked.template;
}

function renderContext(options: { extension?: string; numberFormat?: NumberFormat; defaultCountry?: string }): RenderContext {
  const context: RenderContext = { numberFormat: options.numberFormat ?? 'asReceived' };
  if (options.extension !== undefined) context.extension = options.extension;
  if (options.defaultCountry !== undefined) context.defaultCountry = options.defaultCountry;
  return context;
}
