/**
 * Issue 2: 1,000,000 events of the generated call-center stream through our framer and codec,
 * touching every header, side by side with asterisk-manager's parser on the same chunks; and the
 * framing ceiling (messages cut, no header read).
 */
import { AmiFramer } from '../../../electron/core/ami/framer.ts';
import type { AmiMessage } from '../../../electron/core/ami/message.ts';
import { asteriskManagerConsumer } from '../baseline/asterisk-manager.ts';
import { replay, sink, type BenchCase, type Consumer, type Side } from '../harness.ts';
import { generateStream } from '../stream.ts';

export const EVENTS = 1_000_000;
/** One stream of ~100,000 events (about 50 MB) is replayed back to back up to EVENTS. */
export const CYCLE = 100_000;

/** asterisk-manager parsing the stream, reading every field of every event it emits. */
export function asteriskManagerSide(agentShare: number): Side {
  return {
    label: 'asterisk-manager',
    id: `asterisk-manager parse, share ${agentShare}`,
    run: () =>
      replay(generateStream(CYCLE, { agentShare }), EVENTS, () =>
        asteriskManagerConsumer((event) => {
          for (const key in event) {
            const value = event[key];
            sink.value += key.length + (typeof value === 'string' ? value.length : 1);
          }
        }),
      ),
  };
}

function framerConsumer(onMessage: (m: AmiMessage) => void): Consumer {
  let delivered = 0;
  const framer = new AmiFramer(
    {
      onMessage: (m) => {
        delivered++;
        onMessage(m);
      },
    },
    { expectBanner: false },
  );
  return {
    push: (chunk) => framer.push(chunk),
    get delivered() {
      return delivered;
    },
  };
}

export const cases: BenchCase[] = [
  {
    name: 'AMI parse: framer + codec, every header',
    ours: {
      label: 'AmiFramer + AmiMessage',
      run: () =>
        replay(generateStream(CYCLE, { agentShare: 0.05 }), EVENTS, () =>
          framerConsumer((m) => {
            for (const [key, value] of m.entries()) sink.value += key.length + value.length;
          }),
        ),
    },
    baseline: asteriskManagerSide(0.05),
    target: { ratioAtLeast: 5 },
  },
  {
    name: 'AMI framing only (event name read)',
    ours: {
      label: 'AmiFramer',
      run: () =>
        replay(generateStream(CYCLE, { agentShare: 0.05 }), EVENTS, () =>
          framerConsumer((m) => {
            sink.value += m.name.length;
          }),
        ),
    },
    baseline: asteriskManagerSide(0.05),
  },
];
