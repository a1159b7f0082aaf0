/**
 * The contacts search over IPC, through the real main process (fake Electron only): the saved
 * settings' CSV file and HTTP search answer the popover's window; main's guard refuses a query with control
 * characters or too long before any source is asked, and the preload says why as a notice.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPreloadBridge } from '../../../electron/preload/bridge.ts';
import { english } from '../../../electron/shared/phrases/index.ts';
import { configured, describeShell, startShell, usePbx } from './support.ts';
import { startContactsServer, type ContactsServer } from '../../support/contacts-server.ts';

usePbx();
let folder: string;
let csvFile: string;
let crm: ContactsServer;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'pbx-companion-contacts-ipc-'));
  csvFile = join(folder, 'contacts.csv');
  crm = await startContactsServer();
  await writeFile(csvFile, 'name,number\nLucía Fernández,+34 912 345 678\nLuis Ortega,1002\n');
});
afterAll(async () => {
  await crm.close();
  await rm(folder, { recursive: true, force: true });
});

describeShell('the contacts search over IPC', () => {
  it('answers from the saved CSV file, and refuses a hostile query before asking any source', async () => {
    const shell = await startShell({ settings: configured({ contacts: { csvFile, searchUrl: `${crm.base}/search?q={query}` } }) });
    const popover = shell.fake.windows[0]!;
    const bridge = createPreloadBridge({
      invoke: (channel, ...args) => shell.fake.invoke(popover.ipcEvent(), channel, ...args),
      on: () => () => {},
    });

    expect(await bridge.searchContacts('lu')).toEqual({
      contacts: [
        { name: 'Lucía Fernández', number: '+34 912 345 678', source: 'csv' },
        { name: 'Luis Ortega', number: '1002', source: 'csv' },
      ],
      notice: null,
    });
    // The CRM found the same two (same names and digits): shown once, from the file.
    expect(crm.requests).toEqual(['/search?q=lu']);
    for (const hostile of ['lu\r\nAction: Originate', 'l'.repeat(101), '']) {
      const answer = await bridge.searchContacts(hostile);
      expect(answer.contacts).toEqual([]);
      expect(english(answer.notice!)).toMatch(/^Invalid request for contacts:search: /);
    }
    expect(crm.requests).toHaveLength(1);
  });
});
