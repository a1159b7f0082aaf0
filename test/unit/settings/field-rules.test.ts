/**
 * One rule per field (electron/shared/fields.ts), three places that apply it: the settings schema
 * (what the file may hold), the agent identity (what the core follows) and the renderer's settings
 * form (what the agent is told before saving). For the extension they must say the same thing.
 */
import { describe, expect, it } from 'vitest';
import { agentIdentity } from '../../../electron/core/agent/identity.ts';
import { parseSettings } from '../../../electron/core/settings/schema.ts';
import { formFromSettings, validateSettings } from '../../../renderer/src/lib/settings-form.ts';

const ACCEPTED = ['1001', '7', '*72', '1001#', '+34912', 'agent_7', 'sales-1', 'x.5', 'A'.repeat(32)];
const REFUSED = [
  '10 01',
  '1001@ext-local',
  'PJSIP/1001',
  '1001;2',
  'ñ1',
  '1001\r\nAction: Originate',
  '10\u20280',
  'A'.repeat(33),
  '1001,1',
];

function schemaAccepts(extension: string): boolean {
  return parseSettings({ pbx: { extension } }).ok;
}
function identityAccepts(extension: string): boolean {
  try {
    agentIdentity({ extension });
    return true;
  } catch {
    return false;
  }
}
function formAccepts(extension: string): boolean {
  const base = parseSettings({});
  if (!base.ok) throw new Error(base.error);
  const form = { ...formFromSettings(base.settings), host: 'pbx.example.com', user: 'agentapp', secret: 's3cret', extension };
  return validateSettings(form, { hasSavedSecret: true }).extension === undefined;
}

describe('the extension rule', () => {
  it.each(ACCEPTED)('%s is accepted by the schema, the identity and the form', (extension) => {
    expect([schemaAccepts(extension), identityAccepts(extension), formAccepts(extension)]).toEqual([true, true, true]);
  });

  it.each(REFUSED.map((e) => [JSON.stringify(e), e]))('%s is refused by all three', (_label, extension) => {
    expect([schemaAccepts(extension), identityAccepts(extension), formAccepts(extension)]).toEqual([false, false, false]);
  });

  it('the schema says why, in words', () => {
    const parsed = parseSettings({ pbx: { extension: '10 01' } });
    expect(parsed).toMatchObject({
      ok: false,
      error: 'pbx.extension: a dialplan extension such as 1001: up to 32 letters, digits or _ + * # . -',
    });
    // A control character is refused for that reason alone.
    expect(parseSettings({ pbx: { extension: '10\n01' } })).toMatchObject({
      ok: false,
      error: 'pbx.extension: must not contain control characters (such as line breaks)',
    });
  });
});

describe('the agent number rule (the agent pool)', () => {
  const agentSchemaAccepts = (agent: string) => parseSettings({ pbx: { extension: '1001', agent } }).ok;
  const agentIdentityAccepts = (agent: string) => {
    try {
      return agentIdentity({ extension: '1001', agent }).agent === (agent.trim() || null);
    } catch {
      return false;
    }
  };
  it.each(['', '9001', '7', '1'.repeat(16)])('%j is accepted by the schema and the identity', (agent) => {
    expect(agentSchemaAccepts(agent)).toBe(true);
    expect(agentIdentityAccepts(agent)).toBe(true);
  });
  it.each(['9001\r\nAction: Originate', '90 01', 'Agent/9001', '9001@agents', 'a9001', '1'.repeat(17), '9\u20280'])(
    '%j is refused by the schema and the identity',
    (agent) => {
      expect(agentSchemaAccepts(agent)).toBe(false);
      expect(agentIdentityAccepts(agent)).toBe(false);
    },
  );
});
