/**
 * What happens when a number arrives from outside the app (a link, the hotkey): read the number, show
 * the agent what will be dialled, and dial at once only when the settings say no confirmation is needed.
 * Anything that is not a number is told to the agent and never reaches the PBX.
 */
import type { CompanionVerbs } from '../shared/companion.ts';
import type { DialRequest } from '../shared/ipc.ts';
import { phrase, verbatim, type Phrase } from '../shared/phrases/index.ts';
import { parseDialLink } from '../core/dialing/links.ts';
import { extractNumber } from '../core/dialing/selection.ts';

export interface DialFlowOptions {
  companion: () => Pick<CompanionVerbs, 'previewDial' | 'dial'>;
  confirmBeforeDial: () => boolean;
  /** Shows the preview to the agent (the popover's dialer), who confirms or edits it. */
  showPreview: (request: DialRequest) => void;
  /** Tells the agent something in words (a notification, in the agent's language). */
  tell: (message: Phrase) => void;
}

export type DialOutcome = 'refused' | 'previewed' | 'dialled' | 'failed';

export class DialFlow {
  constructor(private readonly options: DialFlowOptions) {}

  async fromLink(link: string): Promise<DialOutcome> {
    const parsed = parseDialLink(link);
    if (!parsed.ok) return this.refuse(parsed.phrase);
    return this.offer(parsed.number, 'link');
  }

  async fromSelection(text: string): Promise<DialOutcome> {
    const found = extractNumber(text);
    if (!found.ok) return this.refuse(found.phrase);
    return this.offer(found.number, 'hotkey');
  }

  private async offer(number: string, source: DialRequest['source']): Promise<DialOutcome> {
    const companion = this.options.companion();
    const preview = await companion.previewDial(number);
    if (!preview.ok)
      return this.refuse(preview.errorPhrase ?? (preview.error ? verbatim(preview.error) : phrase('desktop.cannot-dial', { number })));
    if (this.options.confirmBeforeDial()) {
      this.options.showPreview({ source, preview });
      return 'previewed';
    }
    const result = await companion.dial(number);
    if (!result.ok) {
      this.options.tell(result.phrase ?? verbatim(result.error));
      return 'failed';
    }
    this.options.tell(
      result.phrase ??
        (result.message
          ? verbatim(result.message)
          : phrase('desktop.dialling', { number: preview.display ?? preview.dialString ?? number })),
    );
    return 'dialled';
  }

  private refuse(message: Phrase): DialOutcome {
    this.options.tell(message);
    return 'refused';
  }
}
