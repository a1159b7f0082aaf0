/**
 * Hardening, checked on the policies themselves: the CSP header the shell puts on every response and
 * the CSP meta of every renderer page (sources and build) allow no inline or eval'd script and no
 * plugin, base or frame tricks; the screen pop's content window (someone else's page) gets no bridge
 * and stays on its origin; openExternal opens only allowed schemes and never the ones that run code
 * or reach files, whatever a settings file allows. (The basics of each are in test/unit/main/windows.test.ts.)
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openExternalSafely } from '../../../electron/main/external.ts';
import { CONTENT_SECURITY_POLICY, WindowFactory } from '../../../electron/main/windows.ts';
import { FakeElectron } from '../main/fake-electron.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...sources]) => [name!.toLowerCase(), sources] as const),
  );
}

/** What every policy of the app must say about scripts, plugins, bases and frames. */
function expectStrict(policy: string, where: string): void {
  const d = directives(policy);
  const scripts = d.get('script-src') ?? d.get('default-src');
  expect(scripts, `${where}: script-src or default-src`).toBeDefined();
  for (const bad of [
    "'unsafe-inline'",
    "'unsafe-eval'",
    "'unsafe-hashes'",
    "'wasm-unsafe-eval'",
    '*',
    'data:',
    'blob:',
    'http:',
    'https:',
    'filesystem:',
  ]) {
    expect(scripts, `${where}: scripts from ${bad}`).not.toContain(bad);
  }
  expect(
    scripts!.every((s) => s === "'self'" || s === "'none'"),
    `${where}: script sources ${scripts!.join(' ')}`,
  ).toBe(true);
  expect(
    d.get('default-src')?.every((s) => s === "'self'" || s === "'none'"),
    `${where}: default-src`,
  ).toBe(true);
  expect(d.get('object-src'), `${where}: object-src`).toEqual(["'none'"]);
  expect(d.get('base-uri'), `${where}: base-uri`).toEqual(["'none'"]);
  expect(d.get('form-action'), `${where}: form-action`).toEqual(["'none'"]);
  expect(d.get('connect-src')?.includes('*') ?? false, `${where}: connect-src *`).toBe(false);
  // No inline style either: an injected style attribute or <style> can exfiltrate through selectors.
  const styles = d.get('style-src') ?? d.get('default-src');
  expect(styles, `${where}: inline styles`).not.toContain("'unsafe-inline'");
  expect(d.get('img-src') ?? [], `${where}: data: images`).not.toContain('data:');
}

function metaPolicy(html: string): string | null {
  const tag = /<meta\b[^>]*http-equiv\s*=\s*["']?Content-Security-Policy["']?[^>]*>/i.exec(html)?.[0];
  return tag ? (/content\s*=\s*"([^"]*)"/i.exec(tag)?.[1] ?? /content\s*=\s*'([^']*)'/i.exec(tag)?.[1] ?? null) : null;
}

describe('content security policy', () => {
  it('the header the shell sets is strict, and forbids framing the app', () => {
    expectStrict(CONTENT_SECURITY_POLICY, 'header');
    expect(directives(CONTENT_SECURITY_POLICY).get('default-src')).toEqual(["'none'"]);
    expect(directives(CONTENT_SECURITY_POLICY).get('frame-ancestors')).toEqual(["'none'"]);
  });

  const pages = [
    'renderer/index.html',
    'renderer/settings.html',
    ...(existsSync(path.join(root, 'renderer/dist'))
      ? readdirSync(path.join(root, 'renderer/dist'))
          .filter((f) => f.endsWith('.html'))
          .map((f) => `renderer/dist/${f}`)
      : []),
  ];
  it.each(pages)('%s carries a strict CSP meta and no inline script', (page) => {
    const html = readFileSync(path.join(root, page), 'utf8');
    const policy = metaPolicy(html);
    expect(policy, `${page} has a CSP meta`).not.toBeNull();
    expectStrict(policy!, page);
    // Every script is an external file of the app (the CSP would block an inline one; none should exist).
    for (const script of html.match(/<script\b[^>]*>[\s\S]*?<\/script>/gi) ?? []) {
      expect(script, `${page}: inline script`).toMatch(/<script\b[^>]*\bsrc=/i);
      expect(script.replace(/<script\b[^>]*>|<\/script>/gi, '').trim()).toBe('');
    }
    expect(html, `${page}: inline event handler`).not.toMatch(/\son[a-z]+\s*=/i);
  });
});

describe("the screen pop's content window (someone else's page)", () => {
  it('has no bridge, its own session, the same hardening, and stays on its origin', () => {
    const fake = new FakeElectron();
    const opened: string[] = [];
    const factory = new WindowFactory(fake, { preload: '/app/preload.cjs', openExternal: (url) => opened.push(url) });
    const window = factory.createContent({
      width: 900,
      height: 700,
      title: 'CRM',
      origin: 'https://crm.example.com',
      partition: 'persist:screen-pop',
    });
    const prefs = fake.windows[0]!.options.webPreferences;
    expect(prefs.preload).toBeUndefined();
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      partition: 'persist:screen-pop',
    });
    expect(factory.isOurs(window.webContents.id)).toBe(false); // never gets IPC or snapshots
    const contents = fake.windows[0]!.webContents;
    expect(contents.navigate('https://crm.example.com/customer/42')).toBe(false);
    for (const away of [
      'https://crm.example.com.evil.example/',
      'http://crm.example.com/',
      'https://evil.example/',
      'javascript:alert(1)',
      'file:///etc/passwd',
    ]) {
      expect(contents.navigate(away), away).toBe(true);
    }
    expect(contents.openHandler?.({ url: 'https://crm.example.com/popup' })).toEqual({ action: 'deny' });
  });
});

describe('openExternal', () => {
  const hostile = [
    'javascript:alert(1)',
    'JAVASCRIPT:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    'vbscript:msgbox(1)',
    'data:text/html,<script>alert(1)</script>',
    'file:///etc/passwd',
    'FILE:///C:/Windows/System32/calc.exe',
    'smb://attacker/share/x.exe',
    'ms-msdt:/id PCWDiagnostic',
    'search-ms:query=x&crumb=location:\\\\attacker\\share',
    'about:blank',
    'chrome://settings',
    'blob:https://crm.example.com/1',
    '//evil.example/',
    '',
    'x'.repeat(100_000),
  ];
  it.each(hostile.map((url) => [url.slice(0, 60), url]))(
    'refuses %s even when the settings allow every scheme it names',
    async (_label, url) => {
      const fake = new FakeElectron();
      const everything = [
        'http',
        'https',
        'javascript',
        'vbscript',
        'data',
        'file',
        'smb',
        'ms-msdt',
        'search-ms',
        'about',
        'chrome',
        'blob',
      ];
      const result = await openExternalSafely(fake, url, everything);
      expect(result.ok).toBe(false);
      expect(!result.ok && result.error.length).toBeLessThan(300);
      expect(fake.opened).toEqual([]);
    },
  );

  it('opens http(s) as the URL parser normalises it, and a scheme the admin allowed', async () => {
    const fake = new FakeElectron();
    expect(await openExternalSafely(fake, 'HTTPS://CRM.example.com/c?id=%0d%0a')).toEqual({ ok: true });
    expect(await openExternalSafely(fake, 'salesforce://record/1', ['https', 'salesforce'])).toEqual({ ok: true });
    expect(await openExternalSafely(fake, 'salesforce://record/1')).toMatchObject({ ok: false });
    expect(fake.opened).toEqual(['https://crm.example.com/c?id=%0d%0a', 'salesforce://record/1']);
  });
});
