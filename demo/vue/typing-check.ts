// Compiled by the example's test with tsc: proves wistia-uploader-vue.d.ts describes the element as it is.
import type { GlobalComponents } from 'vue';
import type { UploadSuccessEvent } from 'wistia-uploader';
import type { WistiaUploaderVueProps } from './src/wistia-uploader-vue.js';

type Registered = GlobalComponents['wistia-uploader'];
export const registered: Registered | undefined = undefined;

export const props: WistiaUploaderVueProps = {
  tokenUrl: '/api/wistia-token',
  multiple: true,
  maxFiles: 3,
  getToken: async () => 'token',
  onWistiaUploadSuccess: (event: UploadSuccessEvent) => console.log(event.detail.media.hashed_id),
  onWistiaQueueComplete: (event) => console.log(event.detail.succeeded.length),
};

// @ts-expect-error maxFiles is a number
export const wrongType: WistiaUploaderVueProps = { maxFiles: 'three' };
export const wrongEvent: WistiaUploaderVueProps = {
  // @ts-expect-error a success listener gets the success event, whose detail has media
  onWistiaUploadError: (event: UploadSuccessEvent) => event.detail.media,
};
// @ts-expect-error methods are not props
export const notAProp: WistiaUploaderVueProps = { start: () => {} };
