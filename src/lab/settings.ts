import type { Severity, VerdictId } from '../core';

/** The user's settings (schema/plugin.json), as the plugins read them. */
export interface ILinearizeSettings {
  /** Record every execution. */
  recording: boolean;
  /** Keep the record in the notebook metadata (else in memory only). */
  persistRecord: boolean;
  /** Verdicts shown as markers and in the panel; others are computed but hidden. */
  hiddenVerdicts: VerdictId[];
  /** Markers are drawn for findings at or above this severity. */
  markerSeverity: Severity;
  /** Notify once when a session turns non-linear. */
  notifications: boolean;
  /** Ask before running a cell out of order. */
  strictMode: boolean;
  /** Ask the live kernel (silently) what each run re-bound and which names it holds. */
  kernelCompanion: boolean;
  /** File names the export writes; `{name}` is the notebook's name without `.ipynb`. */
  exportNames: { script: string; params: string; manifest: string };
}

export const DEFAULT_SETTINGS: Readonly<ILinearizeSettings> = {
  recording: true,
  persistRecord: true,
  hiddenVerdicts: ['count-gap'],
  markerSeverity: 'warning',
  notifications: true,
  strictMode: false,
  kernelCompanion: true,
  exportNames: {
    script: '{name}.py',
    params: '{name}.params.yaml',
    manifest: '{name}.repro.yaml'
  }
};

/** Merge a composite settings object over the defaults, ignoring values of the wrong type. */
export function readSettings(
  composite: Record<string, unknown>
): ILinearizeSettings {
  const s: ILinearizeSettings = { ...DEFAULT_SETTINGS };
  const bool = (k: keyof ILinearizeSettings) =>
    typeof composite[k] === 'boolean'
      ? (composite[k] as boolean)
      : (s[k] as boolean);
  s.recording = bool('recording');
  s.persistRecord = bool('persistRecord');
  s.notifications = bool('notifications');
  s.strictMode = bool('strictMode');
  s.kernelCompanion = bool('kernelCompanion');
  if (Array.isArray(composite.hiddenVerdicts)) {
    s.hiddenVerdicts = composite.hiddenVerdicts.filter(
      (v): v is VerdictId => typeof v === 'string'
    );
  }
  const names = composite.exportNames;
  if (typeof names === 'object' && names !== null) {
    const n = names as Record<string, unknown>;
    const pick = (k: 'script' | 'params' | 'manifest') =>
      typeof n[k] === 'string' && (n[k] as string).trim() !== ''
        ? (n[k] as string)
        : DEFAULT_SETTINGS.exportNames[k];
    s.exportNames = {
      script: pick('script'),
      params: pick('params'),
      manifest: pick('manifest')
    };
  }
  const sev = composite.markerSeverity;
  if (sev === 'error' || sev === 'warning' || sev === 'info') {
    s.markerSeverity = sev;
  }
  return s;
}
