import { Notification } from '@jupyterlab/apputils';
import type { TranslationBundle } from '@jupyterlab/translation';
import { IServerInfo, requestAPI } from './requestAPI';

/**
 * Whether this server runs our server part (`GET /linearize/info`), asked once per page.
 * JupyterLite has no server, and a server may have the labextension without the Python
 * package: then everything that needs only the browser still works (record, verdicts,
 * parameters, export to the contents), and what needs the server says so once.
 */
export class ServerPart {
  constructor(
    trans: TranslationBundle,
    probe: () => Promise<IServerInfo> = () => requestAPI<IServerInfo>('info')
  ) {
    this._trans = trans;
    this._probe = probe;
  }

  /** The server part's info, or null when there is none. */
  info(): Promise<IServerInfo | null> {
    this._info ??= this._probe().then(
      info => info,
      () => null
    );
    return this._info;
  }

  /**
   * True when the server part is there; otherwise says, once per page, which features
   * are unavailable and why, and resolves false.
   */
  async require(): Promise<boolean> {
    if ((await this.info()) !== null) {
      return true;
    }
    if (!this._said) {
      this._said = true;
      // Whole within the 140 characters a JupyterLab toast shows.
      Notification.info(
        this._trans.__(
          'Git provenance and Verify need the linearize server part, absent here (JupyterLite?). Recording, verdicts, parameters and export work.'
        ),
        { autoClose: false }
      );
    }
    return false;
  }

  /** Whether the "unavailable" notice was given (tests). */
  get said(): boolean {
    return this._said;
  }

  private _trans: TranslationBundle;
  private _probe: () => Promise<IServerInfo>;
  private _info: Promise<IServerInfo | null> | null = null;
  private _said = false;
}
