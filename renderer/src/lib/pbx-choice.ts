/**
 * Which PBX the saved settings run the app on, as start-up decides. Apart from the settings form, so
 * the popover (which only says "Demo PBX") loads none of the form's code.
 */
import type { Settings } from '@shared/settings.ts';

/** True when the saved settings run ARI (on, with an address and a user), as start-up decides. */
export function usesAri(settings: Settings): boolean {
  const ari = settings.ari;
  return ari !== undefined && ari.enabled && ari.url.trim() !== '' && ari.username.trim() !== '';
}

/** True when the saved settings run the built-in demo PBX, as start-up decides: direct mode, no AMI host, no ARI. */
export function runsOnDemo(settings: Settings): boolean {
  return settings.pbx.mode !== 'relay' && settings.pbx.host === '' && !usesAri(settings);
}
