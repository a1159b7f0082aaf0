/**
 * What the doctor tells the PBX admin to add for IVR validation through `pbx-companion agi`: the
 * dialplan lines that ask it about the caller and make the variables inheritable (`__`, so the
 * agent's leg carries them), and the manager.conf `channelvars` that show them to the app.
 */

/** `host` or `host:port`: a host name or IPv4 address, as the dialplan's agi:// URL takes it. */
export function parseAgiHost(text: string): { host: string; port: number } | null {
  const match = /^([A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?)(?::(\d{1,5}))?$/.exec(text);
  const port = match?.[2] === undefined ? 4573 : Number(match[2]);
  if (!match || !(port > 0 && port < 65536)) return null;
  return { host: match[1]!, port };
}

export function agiDialplan(host: string, port = 4573): string {
  const agi = `agi://${host}${port === 4573 ? '' : `:${port}`}/validate`;
  return [
    `; extensions.conf: the IVR asks PBX Companion's FastAGI service (pbx-companion agi) about the caller, then queues`,
    `[ivr-support]`,
    `exten => s,1,Answer()`,
    ` same => n,AGI(${agi})                     ; the key: the caller ID`,
    `;same => n,Read(DIGITS,custom/enter-account,8)     ; or digits the caller typed:`,
    `;same => n,AGI(${agi},\${DIGITS})`,
    `;same => n,AGI(${agi}?prompt=custom/enter-account&digits=8&tries=3)   ; or let it ask (GET DATA), 3 tries`,
    ` same => n,Set(__CUSTOMER_ID=\${CUSTOMER_ID})          ; __: inherited by every leg, the agent's too`,
    ` same => n,Set(__CUSTOMER_NAME=\${CUSTOMER_NAME})`,
    ` same => n,Set(__CUSTOMER_VALID=\${CUSTOMER_VALID})    ; 1, 0, or unknown (the CRM did not answer within 1.5 s)`,
    ` same => n,Queue(support,t)`,
    `; manager.conf [general], so the app sees them on the agent's leg (then "manager reload"):`,
    `channelvars = CUSTOMER_ID,CUSTOMER_NAME,CUSTOMER_VALID`,
  ].join('\n');
}
