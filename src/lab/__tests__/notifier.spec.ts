import { Notification } from '@jupyterlab/apputils';
import { NonLinearNotifier } from '../notifier';
import { runAll, runCell, sessionOn } from './utils';

const toasts = () =>
  Notification.manager.notifications.filter(n =>
    n.message.includes('no longer linear')
  );

describe('NonLinearNotifier (real session, real notification manager)', () => {
  beforeEach(() => {
    Notification.dismiss();
  });

  it('names the finding a run caused, once per kernel session', () => {
    const { model, session } = sessionOn(['y = x * 2', 'x = 10']);
    const notifier = new NonLinearNotifier(
      session,
      () => 'demo.ipynb',
      () => undefined
    );
    runCell(model, session, 1, 1);
    runCell(model, session, 0, 2);
    expect(toasts()).toHaveLength(1);
    expect(toasts()[0].message).toMatch(
      /^demo\.ipynb is no longer linear\. Out of order \(cell 1\): \S/
    );
    expect(toasts()[0].message).not.toContain('`');
    runCell(model, session, 0, 3);
    expect(toasts()).toHaveLength(1);
    notifier.dispose();
    session.dispose();
  });

  it('stays silent when an edit (not a run) changes the verdicts', async () => {
    const { model, session } = sessionOn(['a = 1', 'b = a + 1']);
    const notifier = new NonLinearNotifier(
      session,
      () => 'n',
      () => undefined
    );
    runAll(model, session);
    expect(session.report.linear).toBe(true);
    // Edits are analysed after they settle: wait for that report.
    const analysed = new Promise(resolve =>
      session.reportChanged.connect(resolve)
    );
    model.cells.get(0).sharedModel.setSource('a = 2');
    await analysed;
    expect(session.report.findings.map(f => f.kind)).toContain('hidden-state');
    expect(toasts()).toHaveLength(0);
    notifier.dispose();
    session.dispose();
  });

  it('stays silent while the user fixes an already non-linear notebook', () => {
    const { model, session } = sessionOn(['y = x * 2', 'x = 10', 'z = y']);
    runCell(model, session, 1, 1);
    runCell(model, session, 0, 2);
    // Opened non-linear (the notifier starts now): running cells is the user fixing it.
    const notifier = new NonLinearNotifier(
      session,
      () => 'n',
      () => undefined
    );
    runCell(model, session, 2, 3);
    runCell(model, session, 0, 4);
    expect(session.report.linear).toBe(false);
    expect(toasts()).toHaveLength(0);
    notifier.dispose();
    session.dispose();
  });

  it('says nothing when notifications are off', () => {
    const { model, session } = sessionOn(['y = x * 2', 'x = 10'], {
      notifications: false
    });
    const notifier = new NonLinearNotifier(
      session,
      () => 'n',
      () => undefined
    );
    runCell(model, session, 1, 1);
    runCell(model, session, 0, 2);
    expect(toasts()).toHaveLength(0);
    notifier.dispose();
    session.dispose();
  });
});
