/**
 * The export dialog's body: the verdict of the notebook-order plan, the files, the git state,
 * and the user's choices (order, commit, include the notebook).
 */
import { Widget } from '@lumino/widgets';
import type { ExportOrder, IExportPlan, IPreparedExport } from '../core';
import { cellLabel, verdictTitle } from './findingText';

/** The dialog's body: verdict, files, git state, and the choices. */
export class ExportDialogBody extends Widget {
  constructor(
    plan: IExportPlan,
    prepared: IPreparedExport,
    canCommit: boolean
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
        'Linear: the script reproduces what the notebook shows.',
        'jp-Linearize-exportVerdict jp-mod-linear'
      );
    } else {
      p(
        `Not linear: in notebook order, ${plan.differences.length} finding(s) make the script differ from what you saw:`,
        'jp-Linearize-exportVerdict jp-mod-warning'
      );
      const ul = document.createElement('ul');
      for (const f of plan.differences.slice(0, 8)) {
        const li = document.createElement('li');
        li.textContent = `${verdictTitle(f.kind)} (${cellLabel(f.cell)}): ${f.message}`;
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
      li.textContent = `${line.pillar[0].toUpperCase()}${line.pillar.slice(1)}: ${line.text}${line.missing ? ` (missing: ${line.missing})` : ''}`;
      if (line.missing) {
        li.classList.add('jp-mod-warning');
      }
      pillars.append(li);
    }
    node.append(pillars);
    p(
      `Files: ${plan.files.map(f => f.name).join(', ')} (beside the notebook).`
    );
    p(`Git: ${prepared.git.summary}`);

    const order = document.createElement('select');
    order.className = 'jp-mod-styled';
    order.setAttribute('aria-label', 'Order of the exported cells');
    order.append(new Option('Notebook order (top to bottom)', 'notebook'));
    const history = new Option(
      'History order (what ran in this kernel session)',
      'history'
    );
    history.disabled = prepared.record === null;
    order.append(history);
    order.append(
      new Option("Slice: only what the active cell's result needs", 'slice')
    );
    const label = document.createElement('label');
    label.textContent = 'Order: ';
    label.append(order);
    node.append(label);
    this._order = order;

    const commitable = canCommit && prepared.git.info !== null;
    this._commit = checkbox(node, 'Commit the exported files', commitable);
    this._notebook = checkbox(
      node,
      'Include the notebook in the commit',
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
