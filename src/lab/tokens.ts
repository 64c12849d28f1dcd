import type { INotebookModel, NotebookPanel } from '@jupyterlab/notebook';
import { Token } from '@lumino/coreutils';
import type { ISignal } from '@lumino/signaling';
import type { KernelCompanion } from './companion';
import type { NotebookSession } from './session';
import type { ILinearizeSettings } from './settings';

/**
 * The live sessions of every open notebook: one {@link NotebookSession} per document,
 * shared by all views of it. Other plugins (and other extensions) read reports here.
 */
export interface ILinearizeSessions {
  /** The session of a notebook panel's document, or null when the panel is not tracked. */
  sessionFor(panel: NotebookPanel): NotebookSession | null;
  /** The kernel companion of a session's current kernel, or null. */
  companionFor(session: NotebookSession): KernelCompanion | null;
  /** The session of a notebook model, or null when it is not tracked. */
  sessionForModel(model: INotebookModel): NotebookSession | null;
  /** The session of the current notebook, or null. */
  readonly current: NotebookSession | null;
  /** The current notebook panel, or null. */
  readonly currentPanel: NotebookPanel | null;
  /** Emitted when the current notebook (or its session) changes. */
  readonly currentChanged: ISignal<ILinearizeSessions, NotebookSession | null>;
  /** Emitted when a session is created for a newly opened document. */
  readonly sessionAdded: ISignal<ILinearizeSessions, NotebookSession>;
  /** The settings in force. */
  readonly settings: ILinearizeSettings;
}

export const ILinearizeSessions = new Token<ILinearizeSessions>(
  'jupyterlab-linearize:ILinearizeSessions',
  'The execution record and the verdicts of every open notebook.'
);
