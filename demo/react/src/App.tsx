import { useRef, useState } from 'react';
import { WistiaUploader, type WistiaMedia, type WistiaUploaderElement } from 'wistia-uploader/react';

/** Endpoints of the local Wistia stand-in; in your app, only `tokenUrl` (your backend) is needed. */
const STANDIN = {
  tokenUrl: '/wistia/token',
  uploadUrl: '/wistia/upload/',
  s3CopyUrl: '/wistia/upload/s3_copy',
  apiUrl: '/wistia/api',
};

export function App() {
  const uploader = useRef<WistiaUploaderElement>(null);
  const [uploaded, setUploaded] = useState<WistiaMedia[]>([]);
  const [problem, setProblem] = useState<string>();

  return (
    <main>
      <h1>Upload to Wistia from React</h1>
      <WistiaUploader
        ref={uploader}
        {...STANDIN}
        multiple
        onUploadSuccess={(event) => setUploaded((list) => [...list, event.detail.media])}
        onUploadError={(event) => setProblem(`${event.detail.item.name}: ${event.detail.error.message}`)}
      >
        Drop your videos here
      </WistiaUploader>
      <button type="button" onClick={() => uploader.current?.clear()}>
        Clear finished uploads
      </button>
      {problem && <p role="alert">{problem}</p>}
      <h2>Uploaded</h2>
      <ul>
        {uploaded.map((media) => (
          <li key={media.hashed_id}>
            <a data-hashed-id={media.hashed_id} href={`https://fast.wistia.net/embed/iframe/${media.hashed_id}`}>
              {media.name}
            </a>
          </li>
        ))}
      </ul>
    </main>
  );
}
