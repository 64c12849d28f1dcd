/**
 * The export dialog's body: the verdict of the notebook-order plan, the files, the git state,
 * and the user's choices (order, commit, include the notebook).
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';
import {
  describeGit,
  pillarMissing,
  pillarText,
  type ExportOrder,
  type IExportPlan,
  type IPreparedExport
} from '../core';
import {
  cellLabel,
  defaultTrans,
  findingMessage,
  verdictTitle
} from './findingText';

/** The dialog's body: verdict, files, git state, and the choices. */
export class ExportDialogBody extends Widget {
  constructor(
    plan: IExportPlan,
    prepared: IPreparedExport,
    canCommit: boolean,
    trans: TranslationBundle = defaultTrans
  ) {
    super();
    this.addClass('jp-Linearize-exportDialog');
    const node = this.node;
    const p = (text: string, className = 'jp-Linearize-note') => {
      const el = document.createElement('p');
      el.className = className;
      el.textContent = text;
      node.append(el);
      return el;
    };
    if (plan.differences.length === 0) {
      p(
        trans.__('Linear: the script reproduces what the notebook shows.'),
        'jp-Linearize-exportVerdict jp-mod-linear'
      );
    } else {
      p(
        trans._n(
          'Not linear: in notebook order, %1 finding makes the script differ from what you saw:',
          'Not linear: in notebook order, %1 findings make the script differ from what you saw:',
          plan.differences.length
        ),
        'jp-Linearize-exportVerdict jp-mod-warning'
      );
      const ul = document.createElement('ul');
      for (const f of plan.differences.slice(0, 8)) {
        const li = document.createElement('li');
        li.textContent = trans.__(
          '%1 (%2): %3',
          verdictTitle(f.kind, trans),
          cellLabel(f.cell, trans),
          findingMessage(f, trans)
        );
        ul.append(li);
      }
      node.append(ul);
    }
    // The four pillars at a glance, with what is missing (issue 16).
    const pillars = document.createElement('ul');
    pillars.className = 'jp-Linearize-exportPillars';
    for (const line of plan.pillars) {
      const li = document.createElement('li');
      li.dataset.pillar = line.pillar;
      // The core describes the line as data; its words are the core's, through our bundle.
      const text = pillarText(line.facts, trans);
      const missing = pillarMissing(line.facts, trans);
      li.textContent = missing
        ? trans.__(
            '%1: %2 (missing: %3)',
            pillarTitle(line.pillar, trans),
            text,
            missing
          )
        : trans.__('%1: %2', pillarTitle(line.pillar, trans), text);
      if (missing) {
        li.classList.add('jp-mod-warning');
      }
      pillars.append(li);
    }
    node.append(pillars);
    p(
      trans.__(
        'Files: %1 (beside the notebook).',
        plan.files.map(f => f.name).join(', ')
      )
    );
    p(trans.__('Git: %1', describeGit(prepared.git.summary, trans)));

    const order = document.createElement('select');
    order.className = 'jp-mod-styled';
    order.setAttribute('aria-label', trans.__('Order of the exported cells'));
    order.append(
      new Option(trans.__('Notebook order (top to bottom)'), 'notebook')
    );
    const history = new Option(
      trans.__('History order (what ran in this kernel session)'),
      'history'
    );
    history.disabled = prepared.record === null;
    order.append(history);
    order.append(
      new Option(
        trans.__("Slice: only what the active cell's result needs"),
        'slice'
      )
    );
    const label = document.createElement('label');
    label.textContent = trans.__('Order: ');
    label.append(order);
    node.append(label);
    this._order = order;

    const commitable = canCommit && prepared.git.info !== null;
    this._commit = checkbox(
      node,
      trans.__('Commit the exported files'),
      commitable
    );
    this._notebook = checkbox(
      node,
      trans.__('Include the notebook in the commit'),
      false
    );
    this._commit.checked = false;
    // Including the notebook only means something when committing.
    this._commit.addEventListener('change', () => {
      this._notebook.disabled = !this._commit.checked;
      if (!this._commit.checked) {
        this._notebook.checked = false;
      }
    });
  }

  choice(): { order: ExportOrder; commit: boolean; includeNotebook: boolean } {
    return {
      order: (['history', 'slice'].includes(this._order.value)
        ? this._order.value
        : 'notebook') as ExportOrder,
      commit: this._commit.checked,
      includeNotebook: this._commit.checked && this._notebook.checked
    };
  }

  private _order: HTMLSelectElement;
  private _commit: HTMLInputElement;
  private _notebook: HTMLInputElement;
}

/** The pillar's name as a title (ids are the core's, titles are translated). */
function pillarTitle(
  pillar: IExportPlan['pillars'][number]['pillar'],
  trans: TranslationBundle
): string {
  switch (pillar) {
    case 'code':
      return trans.__('Code');
    case 'config':
      return trans.__('Config');
    case 'environment':
      return trans.__('Environment');
    case 'data':
      return trans.__('Data');
  }
}

function checkbox(
  parent: HTMLElement,
  text: string,
  enabled: boolean
): HTMLInputElement {
  const label = document.createElement('label');
  label.className = 'jp-Linearize-check';
  const box = document.createElement('input');
  box.type = 'checkbox';
  box.disabled = !enabled;
  label.append(box, ` ${text}`);
  parent.append(label);
  return box;
}
