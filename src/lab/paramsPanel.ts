import { Widget } from '@lumino/widgets';
import {
  findParams,
  isExtracted,
  parametersCellSource,
  toYaml
} from '../core/params';
import { describeParam, type ParamText } from '../core';
import type { IParamCandidate, IParamsNote } from '../core';
import type { INotebookSnapshot } from '../core';
import type { TranslationBundle } from '@jupyterlab/translation';
import { button } from './dom';
import { appendMessage, defaultTrans } from './findingText';

/**
 * A skip reason, warning or note in the user's language: the core describes each as data
 * (`text`), worded here through the bundle; without a text (a scan by an older core) its
 * English message.
 */
export function paramMessage(
  x: { readonly message: string; readonly text?: ParamText },
  trans: TranslationBundle = defaultTrans
): string {
  return x.text === undefined ? x.message : describeParam(x.text, trans);
}

/** What the parameters view's buttons do; the plugin wires them to files and cells. */
export interface IParamsActions {
  /** Write the YAML beside the notebook; resolves to a one-line message. */
  writeYaml(yaml: string): Promise<string>;
  /** Insert a tagged parameters cell at the top of the notebook. */
  insertCell(source: string): void;
}

/**
 * The parameters view: every candidate the notebook's code hard-codes, with a checkbox,
 * its key, value, group and where it came from (or why it was skipped), and the YAML
 * that the chosen ones make. The notebook itself is never changed unless the user asks
 * for a parameters cell.
 */
export class ParamsView extends Widget {
  constructor(
    snapshot: () => INotebookSnapshot | null,
    name: string,
    actions: IParamsActions,
    trans: TranslationBundle = defaultTrans
  ) {
    super();
    this._trans = trans;
    this.addClass('jp-Linearize-params');
    this.title.label = trans.__('Parameters: %1', name);
    this.title.closable = true;
    this._snapshot = snapshot;
    this._name = name;
    this._actions = actions;
    this.refresh();
  }

  /** Re-read the notebook (the user may have edited it). */
  refresh(): void {
    const nb = this._snapshot();
    const found = nb ? findParams(nb) : null;
    this._candidates = found ? found.candidates.slice() : [];
    this._notes = found ? found.notes.slice() : [];
    this._excluded.clear();
    this._render();
  }

  /** The candidates currently chosen. */
  get chosen(): IParamCandidate[] {
    return this._candidates.filter(
      c => isExtracted(c) && !this._excluded.has(this._id(c))
    );
  }

  private _id(c: IParamCandidate): string {
    return `${c.cellId}:${c.span[0]}`;
  }

  private _render(): void {
    const trans = this._trans;
    const node = this.node;
    node.replaceChildren();
    const head = document.createElement('div');
    head.className = 'jp-Linearize-paramsHead';
    const title = document.createElement('h2');
    title.textContent = trans.__('Hard-coded parameters in %1', this._name);
    const refresh = button(trans.__('Refresh'), '', () => this.refresh());
    const write = button(trans.__('Write YAML config'), '', async () => {
      this._message = await this._actions.writeYaml(this._yaml());
      this._render();
    });
    const cell = button(trans.__('Insert parameters cell'), '', () =>
      this._actions.insertCell(parametersCellSource(this.chosen))
    );
    head.append(title, refresh, write, cell);
    node.append(head);
    if (this._message) {
      const p = document.createElement('p');
      p.className = 'jp-Linearize-note';
      p.setAttribute('role', 'status');
      p.textContent = this._message;
      node.append(p);
    }

    // Notebook-level notes (not Python, a cell that does not parse): without them the view
    // would only say that nothing was found, or list skips without their cause.
    if (this._notes.length > 0) {
      const list = document.createElement('ul');
      list.className = 'jp-Linearize-paramsNotes';
      for (const n of this._notes) {
        const li = document.createElement('li');
        appendMessage(li, paramMessage(n, trans));
        list.append(li);
      }
      node.append(list);
    }

    const table = document.createElement('table');
    table.className = 'jp-Linearize-paramsTable';
    const cols = document.createElement('colgroup');
    for (const c of ['check', 'key', 'value', 'group', 'cell', 'note']) {
      const col = document.createElement('col');
      col.className = `jp-mod-${c}`;
      cols.append(col);
    }
    table.append(cols);
    const header = table.createTHead().insertRow();
    for (const h of [
      '',
      trans.__('Key'),
      trans.__('Value'),
      trans.__('Group'),
      trans.__('Cell'),
      trans.__('Note')
    ]) {
      const th = document.createElement('th');
      th.textContent = h;
      header.append(th);
    }
    const body = table.createTBody();
    for (const c of this._candidates) {
      const row = body.insertRow();
      row.className = c.skip ? 'jp-mod-skipped' : '';
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.disabled = !isExtracted(c);
      box.checked = isExtracted(c) && !this._excluded.has(this._id(c));
      box.setAttribute('aria-label', trans.__('Extract %1', c.key ?? c.name));
      box.addEventListener('change', () => {
        if (box.checked) {
          this._excluded.delete(this._id(c));
        } else {
          this._excluded.add(this._id(c));
        }
        this._renderYaml();
      });
      row.insertCell().append(box);
      row.insertCell().textContent = c.key ?? c.name;
      row.insertCell().textContent = c.text;
      row.insertCell().textContent = c.group;
      row.insertCell().textContent = `${c.cellIndex + 1}:${c.line}`;
      appendMessage(
        row.insertCell(),
        c.skip
          ? paramMessage(c.skip, trans)
          : c.warnings.map(w => paramMessage(w, trans)).join(trans.__('; '))
      );
    }
    if (this._candidates.length === 0) {
      const row = body.insertRow();
      const td = row.insertCell();
      td.colSpan = 6;
      td.textContent = trans.__(
        'No hard-coded literal found in the top-level code.'
      );
    }
    node.append(table);
    const pre = document.createElement('pre');
    pre.className = 'jp-Linearize-yaml';
    pre.setAttribute('aria-label', trans.__('YAML config preview'));
    node.append(pre);
    this._pre = pre;
    this._renderYaml();
  }

  private _yaml(): string {
    return toYaml(this.chosen, { notebook: this._name });
  }

  private _renderYaml(): void {
    if (this._pre) {
      this._pre.textContent = this._yaml();
    }
  }

  private _trans: TranslationBundle;
  private _snapshot: () => INotebookSnapshot | null;
  private _name: string;
  private _actions: IParamsActions;
  private _candidates: IParamCandidate[] = [];
  private _notes: IParamsNote[] = [];
  private _excluded = new Set<string>();
  private _pre: HTMLPreElement | null = null;
  private _message = '';
}
