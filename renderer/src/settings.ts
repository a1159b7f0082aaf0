/** The settings window's entry: mounts the settings page over the preload bridge (`window.companion`). */
import { mount } from 'svelte';
import Settings from './Settings.svelte';
import { windowBridge } from './lib/bridge.ts';
import './styles/app.css';

const target = document.getElementById('app');
if (!target) throw new Error('settings.html has no #app element');
mount(Settings, { target, props: { bridge: windowBridge() } });
