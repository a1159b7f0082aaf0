/**
 * The popover: a small frameless window beside the tray icon, hidden when it loses focus. Where it goes
 * depends on where the taskbar is (top on macOS and GNOME, bottom on Windows, either side on some), so it
 * is placed from the tray's bounds and the display's work area, and kept inside the work area.
 */
import type { PushPayloads } from '../shared/ipc.ts';
import type { ElectronApi, Point, Rect, WindowLike } from './api.ts';
import { appUrl } from './app-protocol.ts';
import type { WindowFactory } from './windows.ts';

export const POPOVER_SIZE = { width: 380, height: 560 };
const GAP = 6;

/**
 * The popover's top-left corner. The taskbar's side is where the tray sits outside the work area;
 * Linux trays often report empty bounds, and then the cursor (which just clicked the icon) stands in.
 */
export function popoverPosition(tray: Rect, size: { width: number; height: number }, workArea: Rect, cursor: Point): Point {
  const anchor: Rect = tray.width > 0 && tray.height > 0 ? tray : { x: cursor.x, y: cursor.y, width: 0, height: 0 };
  const centreX = anchor.x + anchor.width / 2;
  const centreY = anchor.y + anchor.height / 2;
  let x: number;
  let y: number;
  if (anchor.y + anchor.height <= workArea.y || centreY < workArea.y + workArea.height / 2) {
    // Taskbar on top (or the anchor is in the upper half): open below it.
    x = centreX - size.width / 2;
    y = Math.max(anchor.y + anchor.height, workArea.y) + GAP;
  } else if (anchor.x >= workArea.x + workArea.width) {
    // Taskbar on the right.
    x = workArea.x + workArea.width - size.width - GAP;
    y = centreY - size.height / 2;
  } else if (anchor.x + anchor.width <= workArea.x) {
    // Taskbar on the left.
    x = workArea.x + GAP;
    y = centreY - size.height / 2;
  } else {
    // Taskbar at the bottom: open above it.
    x = centreX - size.width / 2;
    y = Math.min(anchor.y, workArea.y + workArea.height) - size.height - GAP;
  }
  return {
    x: Math.round(clamp(x, workArea.x + GAP, workArea.x + workArea.width - size.width - GAP)),
    y: Math.round(clamp(y, workArea.y + GAP, workArea.y + workArea.height - size.height - GAP)),
  };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), Math.max(min, max));
}

export interface Popover {
  window: WindowLike;
  /** Shows it beside `trayBounds` (or the cursor), or hides it when shown. */
  toggle(trayBounds?: Rect): void;
  show(trayBounds?: Rect): void;
  /** Shows it on one call (a notification of it was clicked): the page finds the call, or its Recent entry. */
  showCall(callId: string): void;
  hide(): void;
}

export function setupPopover(api: ElectronApi, factory: WindowFactory, baseUrl: string): Popover {
  const window = factory.create({
    ...POPOVER_SIZE,
    title: 'PBX Companion',
    frame: false,
    resizable: false,
    skipTaskbar: true,
    alwaysOnTop: true,
  });
  void window.loadURL(appUrl('popover', baseUrl));
  window.on('blur', () => window.hide());
  const show = (trayBounds?: Rect) => {
    const cursor = api.screen.getCursorScreenPoint();
    const bounds = trayBounds ?? { x: 0, y: 0, width: 0, height: 0 };
    const anchor = bounds.width > 0 ? { x: bounds.x, y: bounds.y } : cursor;
    const { workArea } = api.screen.getDisplayNearestPoint(anchor);
    const { x, y } = popoverPosition(bounds, POPOVER_SIZE, workArea, cursor);
    window.setPosition(x, y);
    window.show();
    window.focus();
  };
  return {
    window,
    show,
    showCall: (callId) => {
      show();
      const focus: PushPayloads['push:focus-call'] = { callId };
      window.webContents.send('push:focus-call', focus);
    },
    hide: () => window.hide(),
    toggle: (trayBounds) => (window.isVisible() ? window.hide() : show(trayBounds)),
  };
}
