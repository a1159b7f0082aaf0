/** The settings window's entry. */
import { mount } from 'svelte';
import Settings from './Settings.svelte';
import { draftSettingsApi } from './lib/settings-api.ts';
import './styles/app.css';

const target = document.getElementById('app');
if (!target) throw new Error('settings.html has no #app element');
mount(Settings, { target, props: { api: draftSettingsApi() } });
