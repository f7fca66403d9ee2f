// Types <wistia-uploader> in Vue templates (Volar / vue-tsc): its properties, and `@wistia-…` listeners that
// receive the right event class. Copy this file into your app's src/.
import type { DefineComponent } from 'vue';
import type { LitElement } from 'lit';
import type { UploaderEventMap, WistiaUploader } from 'wistia-uploader';

/** `wistia-upload-success` → `WistiaUploadSuccess`, as Vue names the listener prop `onWistiaUploadSuccess`. */
type Pascal<S extends string> = S extends `${infer Head}-${infer Tail}`
  ? `${Capitalize<Head>}${Pascal<Tail>}`
  : Capitalize<S>;

/** Read-only state and methods: not something a template binds. */
type NotBindable =
  | keyof LitElement
  | 'items'
  | 'validity'
  | 'validationMessage'
  | 'willValidate'
  | 'checkValidity'
  | 'reportValidity'
  | 'addFiles'
  | 'importUrl'
  | 'importS3'
  | 'start'
  | 'cancel'
  | 'retry'
  | 'clear'
  | 'openFilePicker'
  | 'formResetCallback'
  | 'formDisabledCallback';

export type WistiaUploaderVueProps = Partial<Omit<WistiaUploader, NotBindable>> & {
  [K in keyof UploaderEventMap as `on${Pascal<K>}`]?: (event: UploaderEventMap[K]) => void;
};

declare module 'vue' {
  interface GlobalComponents {
    'wistia-uploader': DefineComponent<WistiaUploaderVueProps>;
  }
}
