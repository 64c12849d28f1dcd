/**
 * What the CLI export knows of the environment without a kernel: the Python the notebook
 * says it last ran with (`metadata.language_info.version`, as saved).
 */

/** `metadata.language_info.version` of an `.ipynb` text, or null. Never throws. */
export function savedPythonVersion(ipynbText: string): string | null {
  try {
    const doc: unknown = JSON.parse(ipynbText);
    const meta =
      typeof doc === 'object' && doc !== null
        ? (doc as { metadata?: unknown }).metadata
        : undefined;
    const info =
      typeof meta === 'object' && meta !== null
        ? (meta as { language_info?: unknown }).language_info
        : undefined;
    const v =
      typeof info === 'object' && info !== null
        ? (info as { version?: unknown }).version
        : undefined;
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
  } catch {
    return null;
  }
}
