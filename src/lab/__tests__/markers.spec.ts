import { panelWith, runCells } from './utils';
import { MARKER_CLASS, MarkerPainter, TIP_CLASS } from '../markers';
import { NotebookSession } from '../session';
import { DEFAULT_SETTINGS } from '../settings';

const frame = () => new Promise(resolve => requestAnimationFrame(resolve));

describe('MarkerPainter (real NotebookPanel)', () => {
  it('marks the cell with a finding and shows its findings, names as code, on hover', async () => {
    const panel = await panelWith(['y = x * 2', 'x = 10']);
    const session = new NotebookSession(panel.content.model!, {
      ...DEFAULT_SETTINGS,
      kernelCompanion: false
    });
    const opened: string[] = [];
    const painter = new MarkerPainter(panel, session, id => opened.push(id));
    session.startKernelSession('k');
    runCells(panel.content.model!, session, [
      [1, 1],
      [0, 2]
    ]);
    expect(session.report.linear).toBe(false);
    const markers = panel.node.querySelectorAll<HTMLButtonElement>(
      `.${MARKER_CLASS}`
    );
    expect(markers).toHaveLength(1);
    const marker = markers[0];
    expect(marker.dataset.kinds).toContain('out-of-order');
    expect(marker.title).toBe('');
    marker.dispatchEvent(new MouseEvent('mouseenter'));
    const tip = document.querySelector<HTMLElement>(`.${TIP_CLASS}`)!;
    expect(tip.hidden).toBe(false);
    expect(tip.getAttribute('role')).toBe('tooltip');
    expect(marker.getAttribute('aria-describedby')).toBe(tip.id);
    expect(tip.textContent).toContain('Out of order');
    expect(tip.textContent).not.toContain('`');
    expect(tip.querySelector('code')).not.toBeNull();
    marker.dispatchEvent(new MouseEvent('mouseleave'));
    expect(tip.hidden).toBe(true);
    marker.click();
    expect(opened).toEqual(['c0']);
    painter.dispose();
    expect(panel.node.querySelectorAll(`.${MARKER_CLASS}`)).toHaveLength(0);
    expect(document.querySelector(`.${TIP_CLASS}`)).toBeNull();
    session.dispose();
    panel.dispose();
  });

  it('forgets the cells that were deleted (no entries for disposed cells)', async () => {
    const panel = await panelWith(['y = x * 2', 'x = 10', 'z = y']);
    const session = new NotebookSession(panel.content.model!, {
      ...DEFAULT_SETTINGS,
      kernelCompanion: false
    });
    const painter = new MarkerPainter(panel, session, () => undefined);
    session.startKernelSession('k');
    runCells(panel.content.model!, session, [
      [1, 1],
      [0, 2]
    ]);
    expect(session.report.linear).toBe(false);
    expect(painter.markerCount).toBe(1);
    panel.content.model!.sharedModel.deleteCell(0);
    await frame();
    await frame();
    expect(painter.markerCount).toBe(0);
    painter.dispose();
    session.dispose();
    panel.dispose();
  });
});
