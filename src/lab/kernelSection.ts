import type {
  CompanionResult,
  IFingerprint,
  IKernelEnvironment
} from '../core';
import { button, el } from './dom';
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
  constructor(actions: IKernelActions) {
    this._actions = actions;
  }

  /** Forget fetched results (another notebook became current). */
  reset(): void {
    this._env = null;
    this._data = null;
  }

  render(session: NotebookSession, rerender: () => void): HTMLElement {
    const section = el('section', 'jp-Linearize-kernel');
    section.append(el('h3', 'jp-Linearize-groupTitle', 'Kernel'));
    const status = session.companionStatus;
    if (!session.settings.kernelCompanion) {
      section.append(
        el(
          'p',
          'jp-Linearize-note',
          'Kernel companion turned off in the settings: verdicts use static analysis only.'
        )
      );
      return section;
    }
    if (status === null || status.state === 'pending') {
      section.append(
        el(
          'p',
          'jp-Linearize-note',
          'Kernel companion: waiting for the kernel.'
        )
      );
    } else if (status.state === 'unavailable') {
      section.append(
        el(
          'p',
          'jp-Linearize-note jp-Linearize-companionOff',
          `Kernel companion unavailable: ${status.message} Verdicts use static analysis only.`
        )
      );
      return section;
    }
    const tools = el('div', 'jp-Linearize-actions');
    tools.append(
      button('Environment', 'jp-Linearize-envButton', async () => {
        this._env = await this._actions.environment();
        rerender();
      }),
      button('Data files', 'jp-Linearize-dataButton', async () => {
        this._data = await this._actions.dataFiles();
        rerender();
      }),
      button('Save requirements', 'jp-Linearize-reqButton', async () => {
        this._saved = await this._actions.saveRequirements();
        rerender();
      })
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
    if (!result.ok) {
      return el(
        'p',
        'jp-Linearize-note',
        `Environment unavailable: ${result.message}`
      );
    }
    const env = result.value;
    const box = el('div', 'jp-Linearize-env');
    box.append(
      el(
        'p',
        'jp-Linearize-note',
        `${env.implementation} ${env.python} on ${env.os}`
      )
    );
    const ul = el('ul', 'jp-Linearize-packages');
    for (const p of env.packages) {
      const li = el('li', 'jp-Linearize-package', `${p.name}==${p.version}`);
      li.title = `imported as ${p.modules.join(', ')}`;
      ul.append(li);
    }
    if (env.packages.length === 0) {
      ul.append(
        el('li', 'jp-Linearize-package', 'No third-party package imported yet.')
      );
    }
    box.append(ul);
    return box;
  }

  private _dataNode(
    result: CompanionResult<readonly IFingerprint[]>
  ): HTMLElement {
    if (!result.ok) {
      return el(
        'p',
        'jp-Linearize-note',
        `Data files unavailable: ${result.message}`
      );
    }
    const ul = el('ul', 'jp-Linearize-dataFiles');
    for (const f of result.value) {
      let text: string;
      switch (f.kind) {
        case 'folder':
          text = `${f.path}/  md5 ${f.md5}  ${f.size} bytes in ${f.nfiles} files`;
          break;
        case 'missing':
          text = `${f.path}  (not found next to the kernel)`;
          break;
        case 'refused':
        case 'error':
          text = `${f.path}  (${f.reason})`;
          break;
        default:
          text = `${f.path}  md5 ${f.md5}  ${f.size} bytes`;
      }
      ul.append(el('li', 'jp-Linearize-dataFile', text));
    }
    if (result.value.length === 0) {
      ul.append(
        el(
          'li',
          'jp-Linearize-dataFile',
          'The code reads no data file by a literal path.'
        )
      );
    }
    return ul;
  }

  private _actions: IKernelActions;
  private _env: CompanionResult<IKernelEnvironment> | null = null;
  private _data: CompanionResult<readonly IFingerprint[]> | null = null;
  private _saved = '';
}
