/** The tray popover's entry: mounts the UI over the preload bridge (`window.companion`). */
import { mount } from 'svelte';
import Popover from './Popover.svelte';
import './styles/app.css';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
mount(Popover, { target, props: { bridge: window.companion } });
