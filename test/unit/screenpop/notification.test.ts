import { describe, expect, it } from 'vitest';
import { popNotification } from '../../../electron/core/screenpop/notification.ts';
import { queueCall } from './calls.ts';

describe('popNotification', () => {
  it("shows the caller's name, number, queue and customer id, and the URL to open", () => {
    expect(popNotification({ call: queueCall(), url: 'https://crm.example/c?id=C-1042' })).toEqual({
      title: 'PSTN Caller',
      body: 'Number: +15550109000\nQueue: support\nCustomer: C-1042',
      url: 'https://crm.example/c?id=C-1042',
    });
  });

  it('falls back to the lookup name, then the number, then words; skips what is missing', () => {
    const nameless = queueCall({ remote: { number: '+15550109000', name: '<unknown>' }, queue: null, vars: {} });
    expect(popNotification({ call: nameless, url: null, lookup: { name: 'Ada' } })).toEqual({
      title: 'Ada',
      body: 'Number: +15550109000',
      url: null,
    });
    expect(popNotification({ call: nameless, url: null }).title).toBe('+15550109000');
    const anonymous = queueCall({ remote: { number: '', name: '' }, queue: null, vars: {} });
    expect(popNotification({ call: anonymous, url: null }, { labels: { unknownCaller: 'Desconocido' } })).toEqual({
      title: 'Desconocido',
      body: '',
      url: null,
    });
  });

  it('reads the customer id from the variable it is told, with translated labels', () => {
    const call = queueCall({ vars: { CLIENTE: 'X-9' } });
    const shown = popNotification(
      { call, url: null },
      { customerVar: 'CLIENTE', labels: { number: 'Número', queue: 'Cola', customer: 'Cliente' } },
    );
    expect(shown.body).toBe('Número: +15550109000\nCola: support\nCliente: X-9');
  });

  it('keeps a hostile caller ID on one short line', () => {
    const call = queueCall({ remote: { number: '+1\r\nQueue: vip', name: `Bob\nCustomer: C-1\u2028${'x'.repeat(500)}` } });
    const shown = popNotification({ call, url: null });
    expect(shown.title).not.toMatch(/[\r\n\u2028]/);
    expect(shown.title).toHaveLength(80);
    expect(shown.body.split('\n')).toEqual(['Number: +1 Queue: vip', 'Queue: support', 'Customer: C-1042']);
  });
});
