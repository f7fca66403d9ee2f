// Importing the package defines <wistia-uploader>; CUSTOM_ELEMENTS_SCHEMA lets Angular's templates use it.
import 'wistia-uploader';
import { Component, CUSTOM_ELEMENTS_SCHEMA, signal } from '@angular/core';
import type { UploadErrorEvent, UploadSuccessEvent, WistiaMedia } from 'wistia-uploader';

@Component({
  selector: 'app-root',
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <main>
      <h1>Upload to Wistia from Angular</h1>
      <!-- The stand-in's endpoints; in your app, only token-url (your backend) is needed. -->
      <wistia-uploader
        #uploader
        token-url="/wistia/token"
        upload-url="/wistia/upload/"
        s3-copy-url="/wistia/upload/s3_copy"
        api-url="/wistia/api"
        multiple
        (wistia-upload-success)="onSuccess($event)"
        (wistia-upload-error)="onError($event)"
      >
        Drop your videos here
      </wistia-uploader>
      <button type="button" (click)="uploader.clear()">Clear finished uploads</button>
      @if (problem()) {
        <p role="alert">{{ problem() }}</p>
      }
      <h2>Uploaded</h2>
      <ul>
        @for (media of uploaded(); track media.hashed_id) {
          <li>
            <a
              [attr.data-hashed-id]="media.hashed_id"
              [href]="'https://fast.wistia.net/embed/iframe/' + media.hashed_id"
              >{{ media.name }}</a
            >
          </li>
        }
      </ul>
    </main>
  `,
})
export class App {
  readonly uploaded = signal<WistiaMedia[]>([]);
  readonly problem = signal<string | undefined>(undefined);

  onSuccess(event: UploadSuccessEvent): void {
    this.uploaded.update((list) => [...list, event.detail.media]);
  }

  onError(event: UploadErrorEvent): void {
    this.problem.set(`${event.detail.item.name}: ${event.detail.error.message}`);
  }
}
