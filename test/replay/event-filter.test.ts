/**
 * The doctor's event filter passes everything a feature reads: every real transcript in
 * ../shared/fixtures/* is replayed twice through the agent engine, as the lab's unfiltered session
 * received it and as a desk with the doctor's least-privilege stanza would (its `read =` classes and
 * its `eventfilter` lines, advanced and legacy forms, applied with Asterisk's own rules:
 * test/support/event-filter.ts). The snapshots, the pops and every placeholder of the pop URL
 * ({did} included) must be the same. It compares through whatever the engine is, so it stays true
 * while the engine changes.
 *
 * Time: a live desk's clock does not depend on which events arrive, but the replay clock moves
 * with each message (and jumps to security events' EventTV). So an event the filter drops still
 * ticks the clock, through a neutral event carrying only its time.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AmiFramer } from '../../electron/core/ami/framer.ts';
import { AmiMessage } from '../../electron/core/ami/message.ts';
import { agentIdentity } from '../../electron/core/agent/identity.ts';
import { ReplaySession } from '../../electron/core/agent/replay.ts';
import { stanza } from '../../electron/core/doctor/manager-conf.ts';
import { createPopLineStream } from '../../electron/core/screenpop/screenpop.ts';
import type { Snapshot } from '../../electron/shared/snapshot.ts';
import { isSent, parseEventFilters, parseReadClasses, type EventFilter } from '../support/event-filter.ts';
import { FIXTURES, readRaw } from '../support/fixtures.ts';

/** Every transcript, each folder's connections in order (conn1, conn2... one session). */
function sessions(): Array<{ name: string; files: string[] }> {
  const out: Array<{ name: string; files: string[] }> = [];
  for (const dir of readdirSync(FIXTURES).sort()) {
    let files: string[];
    try {
      files = readdirSync(path.join(FIXTURES, dir))
        .filter((f) => f.endsWith('.ami.raw'))
        .sort();
    } catch {
      continue;
    }
    const groups = new Map<string, string[]>();
    for (const f of files) {
      const base = f.replace(/\.conn\d+\.ami\.raw$|\.ami\.raw$/, '');
      groups.set(base, [...(groups.get(base) ?? []), `${dir}/${f}`]);
    }
    for (const [base, group] of groups) out.push({ name: `${dir}/${base}`, files: group.sort((a, b) => connOf(a) - connOf(b)) });
  }
  return out;
}
const connOf = (f: string) => Number(/\.conn(\d+)\./.exec(f)?.[1] ?? 0);

/** The version each folder's Asterisk reported (INDEX.md): the stanza is printed for it. */
const versionOf = (name: string) => (name.startsWith('asterisk-18/') ? '18.26.4' : '22.10.1');

/** Every placeholder a pop URL can have, but {lookup} (a service of its own). */
const TEMPLATE =
  'https://crm.example.com/pop?number={number}&name={name}&queue={queue}&linkedid={linkedid}&uniqueid={uniqueid}&ext={extension}&did={did}&id={var.CUSTOMER_ID}&customer={var.CUSTOMER_NAME}';

interface Run {
  snapshots: string[];
  pops: string[];
  sent: number;
  dropped: number;
}

function replay(files: string[], filter: { read: string[]; filters: EventFilter[] } | null): Run {
  const identity = agentIdentity({ extension: '1001', technology: files[0]!.startsWith('asterisk-18/') ? 'SIP' : 'PJSIP' });
  const pops = createPopLineStream(TEMPLATE, '1001', { trigger: { directions: ['inbound', 'outbound', 'internal'] } });
  if (!pops.ok) throw new Error(pops.error);
  const run: Run = { snapshots: [], pops: [], sent: 0, dropped: 0 };
  const session = new ReplaySession(identity, {
    onSnapshot: (s: Snapshot) => {
      run.snapshots.push(JSON.stringify(s));
      for (const line of pops.next(s)) run.pops.push(JSON.stringify(line));
    },
  });
  files.forEach((file, i) => {
    const framer = new AmiFramer({
      onBanner: (b) => session.connect(b),
      onMessage: (m) => {
        if (!filter || isSent(m, filter.read, filter.filters)) {
          run.sent++;
          session.message(m);
          return;
        }
        run.dropped++;
        session.message(tickOf(m));
      },
    });
    framer.push(readRaw(file));
    session.end(i === files.length - 1);
  });
  return run;
}

/** A neutral event with only the dropped event's time (EventTV or Timestamp), so both replays' clocks agree. */
function tickOf(m: AmiMessage): AmiMessage {
  const pairs: Array<[string, string]> = [['Event', 'PbxCompanionFilteredOut']];
  for (const key of ['Timestamp', 'EventTV']) {
    const value = m.get(key);
    if (value !== undefined) pairs.push([key, value]);
  }
  return AmiMessage.from(pairs);
}

function firstDifference(a: string[], b: string[]): string {
  const at = a.findIndex((x, i) => x !== b[i]);
  const i = at < 0 ? Math.min(a.length, b.length) : at;
  return `snapshot ${i + 1} of ${a.length} (filtered has ${b.length}):\n  unfiltered ${a[i] ?? '(none)'}\n  filtered   ${b[i] ?? '(none)'}`;
}

describe("the doctor's event filter keeps every snapshot, pop and placeholder of every real transcript", () => {
  const all = sessions();

  it('finds the transcripts of every folder, the live transfers included', () => {
    expect(all.map((s) => s.name.split('/')[0])).toEqual(
      expect.arrayContaining(['asterisk-18', 'asterisk-22', 'asterisk-22-agents', 'asterisk-22-live']),
    );
    expect(all.some((s) => s.name === 'asterisk-22-live/L3-support-attended-transfer-consult')).toBe(true);
  });

  for (const form of ['advanced', 'legacy'] as const) {
    describe(`${form} form`, () => {
      for (const { name, files } of all) {
        it(name, () => {
          const text = stanza('pbx-companion-1001', '1001', versionOf(name));
          // The stanza prints the form its version understands; the other one commented out.
          const active = parseEventFilters(text);
          const commented = parseEventFilters(text, { commented: true });
          const isAdvanced = (fs: EventFilter[]) => fs.some((f) => f.line.startsWith('eventfilter('));
          const filters = isAdvanced(active) === (form === 'advanced') ? active : commented;
          expect(filters.length).toBeGreaterThan(0);
          const unfiltered = replay(files, null);
          const filtered = replay(files, { read: parseReadClasses(text), filters });
          expect(
            filtered.snapshots.length === unfiltered.snapshots.length && filtered.snapshots.every((s, i) => s === unfiltered.snapshots[i]),
            firstDifference(unfiltered.snapshots, filtered.snapshots),
          ).toBe(true);
          expect(filtered.pops).toEqual(unfiltered.pops);
          // And it does filter: the burst of 50 calls among other phones reaches the desk as a few Newchannels (1204 events -> 153).
          if (name === 'asterisk-22/11-burst-50-local-calls') expect(filtered.sent).toBeLessThan(unfiltered.sent / 4);
        });
      }
    });
  }
});
