import type {
  CompanionResult,
  IFingerprint,
  IKernelEnvironment
} from '../core';
import type { TranslationBundle } from '@jupyterlab/translation';
import { button, el } from './dom';
import { defaultTrans } from './findingText';
import type { NotebookSession } from './session';

/** What the kernel section's buttons do; the plugin wires them to the kernel companion. */
export interface IKernelActions {
  environment(): Promise<CompanionResult<IKernelEnvironment>>;
  saveRequirements(): Promise<string>;
  dataFiles(): Promise<CompanionResult<readonly IFingerprint[]>>;
}

/**
 * The panel's "Kernel" section: the companion's state (said once, plainly, when it cannot
 * help), and on request the environment the kernel really ran and the data files it read.
 * Results stay until the notebook changes, so a re-render does not ask the kernel again.
 */
export class KernelSection {
  constructor(
    actions: IKernelActions,
    trans: TranslationBundle = defaultTrans
  ) {
    this._actions = actions;
    this._trans = trans;
  }

  /** Forget fetched results (another notebook became current). */
  reset(): void {
    this._env = null;
    this._data = null;
  }

  render(session: NotebookSession, rerender: () => void): HTMLElement {
    const trans = this._trans;
    const section = el('section', 'jp-Linearize-kernel');
    section.append(el('h3', 'jp-Linearize-groupTitle', trans.__('Kernel')));
    const status = session.companionStatus;
    if (!session.settings.kernelCompanion) {
      section.append(
        el(
          'p',
          'jp-Linearize-note',
          trans.__(
            'Kernel companion turned off in the settings: verdicts use static analysis only.'
          )
        )
      );
      return section;
    }
    if (status === null || status.state === 'pending') {
      section.append(
        el(
          'p',
          'jp-Linearize-note',
          trans.__('Kernel companion: waiting for the kernel.')
        )
      );
    } else if (status.state === 'unavailable') {
      section.append(
        el(
          'p',
          'jp-Linearize-note jp-Linearize-companionOff',
          trans.__(
            'Kernel companion unavailable: %1 Verdicts use static analysis only.',
            status.message
          )
        )
      );
      return section;
    }
    const tools = el('div', 'jp-Linearize-actions');
    tools.append(
      button(trans.__('Environment'), 'jp-Linearize-envButton', async () => {
        this._env = await this._actions.environment();
        rerender();
      }),
      button(trans.__('Data files'), 'jp-Linearize-dataButton', async () => {
        this._data = await this._actions.dataFiles();
        rerender();
      }),
      button(
        trans.__('Save requirements'),
        'jp-Linearize-reqButton',
        async () => {
          this._saved = await this._actions.saveRequirements();
          rerender();
        }
      )
    );
    section.append(tools);
    if (this._saved) {
      section.append(el('p', 'jp-Linearize-note', this._saved));
    }
    if (this._env) {
      section.append(this._envNode(this._env));
    }
    if (this._data) {
      section.append(this._dataNode(this._data));
    }
    return section;
  }

  private _envNode(result: CompanionResult<IKernelEnvironment>): HTMLElement {
    const trans = this._trans;
    if (!result.ok) {
      return el(
        'p',
        'jp-Linearize-note',
        trans.__('Environment unavailable: %1', result.message)
      );
    }
    const env = result.value;
    const box = el('div', 'jp-Linearize-env');
    box.append(
      el(
        'p',
        'jp-Linearize-note',
        trans.__('%1 %2 on %3', env.implementation, env.python, env.os)
      )
    );
    const ul = el('ul', 'jp-Linearize-packages');
    for (const p of env.packages) {
      const li = el('li', 'jp-Linearize-package', `${p.name}==${p.version}`);
      li.title = trans.__('imported as %1', p.modules.join(', '));
      ul.append(li);
    }
    if (env.packages.length === 0) {
      ul.append(
        el(
          'li',
          'jp-Linearize-package',
          trans.__('No third-party package imported yet.')
        )
      );
    }
    box.append(ul);
    return box;
  }

  private _dataNode(
    result: CompanionResult<readonly IFingerprint[]>
  ): HTMLElement {
    const trans = this._trans;
    if (!result.ok) {
      return el(
        'p',
        'jp-Linearize-note',
        trans.__('Data files unavailable: %1', result.message)
      );
    }
    const ul = el('ul', 'jp-Linearize-dataFiles');
    for (const f of result.value) {
      let text: string;
      switch (f.kind) {
        case 'folder':
          text = trans.__(
            '%1/  md5 %2  %3 bytes in %4 files',
            f.path,
            f.md5,
            f.size,
            f.nfiles
          );
          break;
        case 'missing':
          text = trans.__('%1  (not found next to the kernel)', f.path);
          break;
        case 'refused':
        case 'error':
          text = `${f.path}  (${f.reason})`;
          break;
        default:
          text = trans.__('%1  md5 %2  %3 bytes', f.path, f.md5, f.size);
      }
      ul.append(el('li', 'jp-Linearize-dataFile', text));
    }
    if (result.value.length === 0) {
      ul.append(
        el(
          'li',
          'jp-Linearize-dataFile',
          trans.__('The code reads no data file by a literal path.')
        )
      );
    }
    return ul;
  }

  private _actions: IKernelActions;
  private _trans: TranslationBundle;
  private _env: CompanionResult<IKernelEnvironment> | null = null;
  private _data: CompanionResult<readonly IFingerprint[]> | null = null;
  private _saved = '';
}
