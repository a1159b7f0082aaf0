/**
 * The desk's country (dialing.defaultCountry) defaults to the OS region, not to the app's language:
 * an English-speaking agent at a desk in Spain reads 912 34 56 78 as a Spanish number.
 */
import { expect, it } from 'vitest';
import { FakeElectron } from './fake-electron.ts';
import { configured, describeShell, startShell, usePbx } from './support.ts';

usePbx();

describeShell('the desk country', () => {
  it('is the OS region when no file sets it, whatever the language', async () => {
    const fake = new FakeElectron();
    fake.app.locale = 'en-US';
    fake.app.systemLocale = 'es-ES';
    fake.app.preferredSystemLanguages = ['en-US', 'es-ES'];
    const shell = await startShell({ fake });
    expect(shell.app.settings.settings.dialing.defaultCountry).toBe('ES');
    // The running core reads numbers as the desk's: the dialer's preview says so.
    expect(await shell.app.host.previewDial('912 34 56 78')).toMatchObject({ ok: true, country: 'ES', display: '+34 912 34 56 78' });
  });

  it('falls back to the preferred languages\u2019 regions, then to the schema default', async () => {
    const fake = new FakeElectron();
    fake.app.systemLocale = 'es';
    fake.app.preferredSystemLanguages = ['es', 'es-MX'];
    expect((await startShell({ fake, live: false })).app.settings.settings.dialing.defaultCountry).toBe('MX');
    const none = new FakeElectron();
    none.app.systemLocale = 'en';
    none.app.preferredSystemLanguages = [];
    expect((await startShell({ fake: none, live: false })).app.settings.settings.dialing.defaultCountry).toBe('US');
  });

  it('never overrides the country the agent chose', async () => {
    const fake = new FakeElectron();
    fake.app.systemLocale = 'es-ES';
    const shell = await startShell({ fake, settings: configured({ dialing: { defaultCountry: 'AR' } }), live: false });
    expect(shell.app.settings.settings.dialing.defaultCountry).toBe('AR');
  });
});
