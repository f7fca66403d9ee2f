/**
 * React component for `<wistia-uploader>`, made with `@lit/react`: properties (including functions such as
 * `getToken`) are set on the element, and every event has an `on…` prop (`onUploadSuccess`, …).
 * Importing this module defines the custom element through the main entry.
 */
import * as React from 'react';
import { createComponent, type EventName as ReactEventName } from '@lit/react';
import { EventName, type UploaderEventMap } from './core/events.js';
import { WistiaUploader as WistiaUploaderElement } from './wistia-uploader.js';

type EventKey = keyof typeof EventName;

/** `uploadSuccess` → `onUploadSuccess`, typed with the event class that name fires. */
export type WistiaUploaderEventProps = {
  [K in EventKey as `on${Capitalize<K>}`]: ReactEventName<UploaderEventMap[(typeof EventName)[K]]>;
};

/** Derived from `EventName`, so a new event gets its prop without anyone remembering to add it. */
const events = Object.fromEntries(
  (Object.keys(EventName) as EventKey[]).map((key) => [`on${key[0]!.toUpperCase()}${key.slice(1)}`, EventName[key]]),
) as WistiaUploaderEventProps;

/**
 * `<WistiaUploader tokenUrl="/api/wistia-token" multiple onUploadSuccess={(e) => save(e.detail.media)} />`.
 * A `ref` gives the element itself, with its methods (`start()`, `cancel()`, `openFilePicker()`, …).
 */
export const WistiaUploader = createComponent({
  tagName: 'wistia-uploader',
  elementClass: WistiaUploaderElement,
  react: React,
  events,
  displayName: 'WistiaUploader',
});

/** Props of the React component: the element's properties, the `on…` event props, and React's own. */
export type WistiaUploaderProps = React.ComponentProps<typeof WistiaUploader>;

export { WistiaUploaderElement };
export * from './core/events.js';
export * from './core/types.js';
export type { Messages } from './element/messages.js';
