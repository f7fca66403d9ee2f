/**
 * What the script-tag file's tus piece (`chunks/tus.min.js`) takes from the upload piece instead of a copy of its
 * own, listed as in `hand-over.ts`. The build fails when the tus piece imports a module of the upload piece missing here.
 */
import { isMedia, parseJson } from '../core/wistia-api.js';

export const handOver = [isMedia, parseJson] as const;
