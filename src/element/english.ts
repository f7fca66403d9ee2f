import { englishBeforeFiles, type Messages } from './messages.js';
import { englishForRows } from './row-messages.js';

/** Every visible string and announcement in English: the keys an app's `messages` may override. */
export const englishMessages: Messages = { ...englishBeforeFiles, ...englishForRows };
