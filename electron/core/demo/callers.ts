/**
 * The demo's customers: numbers from several countries and names with accents, so a screen pop,
 * a phone-number formatter and a UTF-8 path are exercised on every generated call. The IVR (an
 * AGI in a real PBX) sets CUSTOMER_ID and CUSTOMER_NAME; some callers are not in the CRM.
 */
export interface DemoCaller {
  number: string;
  name: string;
  vars: Record<string, string>;
}

export const DEMO_CALLERS: readonly DemoCaller[] = [
  { number: '+34912345678', name: 'José Núñez', vars: { CUSTOMER_ID: 'C-2001', CUSTOMER_NAME: 'José Núñez' } },
  { number: '+4930123456789', name: 'Zoë Müller', vars: { CUSTOMER_ID: 'C-2002', CUSTOMER_NAME: 'Zoë Müller' } },
  { number: '+15550109000', name: 'Ada Lovelace', vars: { CUSTOMER_ID: 'C-1042', CUSTOMER_NAME: 'Ada Lovelace' } },
  { number: '+33142685300', name: 'Françoise Lefèvre', vars: { CUSTOMER_ID: 'C-2003', CUSTOMER_NAME: 'Françoise Lefèvre' } },
  { number: '+525512345678', name: 'Begoña Ibáñez', vars: { CUSTOMER_ID: 'C-2004', CUSTOMER_NAME: 'Begoña Ibáñez' } },
  { number: '+442079460123', name: 'Siobhán O’Brien', vars: { CUSTOMER_ID: 'C-2005', CUSTOMER_NAME: 'Siobhán O’Brien' } },
  { number: '+5511987654321', name: 'João Conceição', vars: { CUSTOMER_ID: 'C-2006', CUSTOMER_NAME: 'João Conceição' } },
  { number: '+81312345678', name: '山田 太郎', vars: { CUSTOMER_ID: 'C-2007', CUSTOMER_NAME: '山田 太郎' } },
  { number: '+48221234567', name: 'Łukasz Żółć', vars: { CUSTOMER_ID: 'C-2008', CUSTOMER_NAME: 'Łukasz Żółć' } },
  { number: '+12125550123', name: 'Unknown caller', vars: { CUSTOMER_ID: 'UNKNOWN', CUSTOMER_NAME: '' } },
];

/** Hands out the callers in turn, starting over after the last. */
export class CallerRotation {
  private next = 0;
  constructor(private readonly callers: readonly DemoCaller[] = DEMO_CALLERS) {}

  take(): DemoCaller {
    const c = this.callers[this.next % this.callers.length]!;
    this.next++;
    return c;
  }
}
