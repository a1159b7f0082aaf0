/**
 * The short runs of the hostile-input fuzzers (seconds): 50,000 generated inputs each, fixed seeds.
 * `HOSTILE_CASES=N` and `HOSTILE_SEED=S` change them; `npm run fuzz` runs the long ones through the
 * same functions (runDialingFuzz, runScreenPopFuzz).
 */
import { describe, expect, it } from 'vitest';
import { runDialingFuzz } from './dialing.ts';
import { runScreenPopFuzz } from './screenpop.ts';

const CASES = Number(process.env['HOSTILE_CASES'] ?? 50_000);
const SEED = Number(process.env['HOSTILE_SEED'] ?? 1);

describe('hostile strings, generated', () => {
  it(`the tel:/sip:/callto: parser, the selection extractor and the number normaliser: ${CASES} inputs`, () => {
    const report = runDialingFuzz(CASES, SEED);
    expect(report.examples).toEqual([]);
    expect(report).toMatchObject({ cases: CASES, crashes: 0, violations: 0 });
    expect(report.accepted).toBeGreaterThan(0); // the generator reaches the accepting paths too
  }, 120_000);

  it(`screen-pop templates with hostile channel variables: ${CASES} inputs`, () => {
    const report = runScreenPopFuzz(CASES, SEED);
    expect(report.examples).toEqual([]);
    expect(report).toMatchObject({ cases: CASES, crashes: 0, violations: 0 });
    expect(report.accepted).toBeGreaterThan(CASES / 2);
  }, 120_000);
});
