// Compiled by `npm run typecheck`, never run: the React wrapper's props are typed from the element and its events.
import { createRef } from 'react';
import {
  WistiaUploader,
  type UploadSuccessEvent,
  type WistiaMedia,
  type WistiaUploaderElement,
} from '../../src/react.js';

const ref = createRef<WistiaUploaderElement>();
const seen: WistiaMedia[] = [];

export const everyEvent = (
  <WistiaUploader
    ref={ref}
    tokenUrl="/api/wistia-token"
    multiple
    maxFiles={3}
    getToken={async ({ projectId }) => ({ token: `for ${projectId ?? 'default'}`, expiresAt: Date.now() + 60_000 })}
    beforeUpload={(item) => (item.size === 0 ? false : { name: item.name.toUpperCase() })}
    onFileReject={(event) => event.detail.item.error?.code}
    onUploadStart={(event) => event.detail.item.id}
    onUploadProgress={(event) => event.detail.percent.toFixed(0)}
    onUploadRetry={(event) => event.detail.delayMs + event.detail.attempt}
    onUploadResume={(event) => event.detail.offset.toFixed(0)}
    onUploadSuccess={(event: UploadSuccessEvent) => seen.push(event.detail.media)}
    onMediaReady={(event) => seen.push(event.detail.media)}
    onUploadError={(event) => event.detail.error.retryable}
    onUploadCancel={(event) => event.detail.item.status}
    onQueueComplete={(event) =>
      event.detail.succeeded.length + event.detail.failed.length + event.detail.cancelled.length
    }
  >
    Drop videos here
  </WistiaUploader>
);

// @ts-expect-error maxFiles is a number
export const wrongType = <WistiaUploader maxFiles="3" />;
// @ts-expect-error the error event carries an error, not media
export const wrongEvent = <WistiaUploader onUploadError={(event) => event.detail.media} />;
// @ts-expect-error no such prop
export const unknownProp = <WistiaUploader onUploadDone={() => undefined} />;
