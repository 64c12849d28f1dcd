import type { DocumentRegistry } from '@jupyterlab/docregistry';
import type {
  INotebookModel,
  INotebookTracker,
  NotebookPanel
} from '@jupyterlab/notebook';
import { ISignal, Signal } from '@lumino/signaling';
import type { KernelCompanion } from './companion';
import { KernelRecorder } from './recorder';
import { NotebookSession } from './session';
import { DEFAULT_SETTINGS, ILinearizeSettings } from './settings';
import type { ILinearizeSessions } from './tokens';

type Context = DocumentRegistry.IContext<INotebookModel>;

/**
 * Creates a session and a kernel recorder per notebook document (not per view: two
 * views of one notebook share a context, hence one record) and disposes them with it.
 */
export class LinearizeSessions implements ILinearizeSessions {
  constructor(tracker: INotebookTracker) {
    this._tracker = tracker;
    tracker.widgetAdded.connect((_, panel) => this._track(panel));
    tracker.forEach(panel => this._track(panel));
    tracker.currentChanged.connect(() =>
      this._currentChanged.emit(this.current)
    );
  }

  get currentChanged(): ISignal<this, NotebookSession | null> {
    return this._currentChanged;
  }

  get sessionAdded(): ISignal<this, NotebookSession> {
    return this._sessionAdded;
  }

  get currentPanel(): NotebookPanel | null {
    return this._tracker.currentWidget;
  }

  get current(): NotebookSession | null {
    const panel = this._tracker.currentWidget;
    return panel ? this.sessionFor(panel) : null;
  }

  get settings(): ILinearizeSettings {
    return this._settings;
  }

  set settings(value: ILinearizeSettings) {
    this._settings = value;
    for (const { session } of this._byContext.values()) {
      session.settings = value;
    }
  }

  sessionFor(panel: NotebookPanel): NotebookSession | null {
    return this._byContext.get(panel.context)?.session ?? null;
  }

  companionFor(session: NotebookSession): KernelCompanion | null {
    for (const entry of this._byContext.values()) {
      if (entry.session === session) {
        return entry.recorder.companion;
      }
    }
    return null;
  }

  sessionForModel(model: INotebookModel): NotebookSession | null {
    for (const { session } of this._byContext.values()) {
      if (session.model === model) {
        return session;
      }
    }
    return null;
  }

  private _track(panel: NotebookPanel): void {
    const context = panel.context;
    if (this._byContext.has(context)) {
      return;
    }
    const start = () => {
      if (this._byContext.has(context) || context.isDisposed) {
        return;
      }
      const session = new NotebookSession(context.model, this._settings);
      const recorder = new KernelRecorder(context.sessionContext, session);
      this._byContext.set(context, { session, recorder });
      // The record is written into the metadata just before the document is serialised.
      context.saveState.connect((_, state) => {
        if (state === 'started') {
          session.flush();
        }
      });
      context.disposed.connect(() => {
        recorder.dispose();
        session.dispose();
        this._byContext.delete(context);
      });
      this._sessionAdded.emit(session);
      if (this._tracker.currentWidget?.context === context) {
        this._currentChanged.emit(session);
      }
    };
    // The model holds the file's metadata (and our record) only once the context is ready.
    void context.ready.then(start);
  }

  private _tracker: INotebookTracker;
  private _settings: ILinearizeSettings = { ...DEFAULT_SETTINGS };
  private _byContext = new Map<
    Context,
    { session: NotebookSession; recorder: KernelRecorder }
  >();
  private _currentChanged = new Signal<this, NotebookSession | null>(this);
  private _sessionAdded = new Signal<this, NotebookSession>(this);
}
