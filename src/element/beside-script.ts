/**
 * Set by the build of the script-tag file, which loads its locales and pieces from beside itself rather than
 * from chunks a bundler made. Elsewhere (npm entry, tests) it is absent. Each module that chooses between the two
 * reads it itself: the build drops the other branch's `import()` only when the test is in the same module.
 */
declare global {
  const WISTIA_UPLOADER_SCRIPT_TAG: boolean | undefined;
}

const scriptTag = typeof WISTIA_UPLOADER_SCRIPT_TAG !== 'undefined' && WISTIA_UPLOADER_SCRIPT_TAG;

/** The script's own URL, read while it runs: `document.currentScript` is null once it has. */
const scriptUrl = scriptTag ? (document.currentScript as HTMLScriptElement | null)?.src : undefined;

/**
 * `import()` of a module beside the script file, e.g. `locales/fr.js`: not a Trusted Types sink, and a CSP whose
 * `script-src` allows the script allows it (same origin and directory).
 */
export const importBesideScript = <T>(path: string): Promise<T> =>
  import(/* @vite-ignore */ new URL(path, scriptUrl || undefined).href) as Promise<T>;
