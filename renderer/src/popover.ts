/** The tray popover's entry: mounts the UI over the preload bridge (`window.companion`). */
import { mount } from 'svelte';
import { windowBridge } from './lib/bridge.ts';
import Popover from './Popover.svelte';
import './styles/app.css';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
const bridge = windowBridge();
if (!bridge) throw new Error('window.companion is missing: the popover runs only inside the app');
mount(Popover, { target, props: { bridge } });
