import { FindingsModel } from '../panelModel';
import { LinearizeStatus } from '../statusItem';
import { runAll, runCell, sessionOn } from './utils';

describe('LinearizeStatus', () => {
  it('shows the same issue count as the panel model, in words', () => {
    const { model, session } = sessionOn([
      'y = x * 2',
      'x = 10',
      'never_run = 1'
    ]);
    let opened = 0;
    const status = new LinearizeStatus(() => opened++);
    status.session = session;
    runCell(model, session, 1, 1);
    runCell(model, session, 0, 2);
    const panel = new FindingsModel();
    panel.session = session;
    const { issues, hints } = panel.counts;
    expect(issues).toBeGreaterThan(0);
    expect(hints).toBeGreaterThan(0); // `never_run` has not run: a hint, not counted
    expect(status.node.textContent).toBe(
      `${issues} issue${issues === 1 ? '' : 's'}`
    );
    // `y = x * 2` would fail on Restart & Run All: the worst severity is an error.
    expect(status.node.classList).toContain('jp-mod-error');
    expect(status.node.getAttribute('aria-label')).toContain(
      status.node.textContent!
    );
    (status.node as HTMLButtonElement).click();
    expect(opened).toBe(1);
    status.dispose();
    panel.dispose();
    session.dispose();
  });

  it('says "Linear" for a notebook run top to bottom, and hides without a session', () => {
    const { model, session } = sessionOn(['a = 1', 'b = a']);
    runAll(model, session);
    const status = new LinearizeStatus(() => undefined, undefined, session);
    expect(status.node.textContent).toBe('Linear');
    expect(status.node.classList).toContain('jp-mod-linear');
    status.session = null;
    expect(status.node.hidden).toBe(true);
    status.dispose();
    session.dispose();
  });
});
