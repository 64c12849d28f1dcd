import type { JupyterFrontEnd } from '@jupyterlab/application';
import type { NotebookPanel } from '@jupyterlab/notebook';
import { GENERATED_MARKER, writeGenerated } from '../files';

/** A contents manager over a few files of folder `work`; what it is asked is kept. */
function drive(files: Record<string, string>) {
  const asked: string[] = [];
  const saved: string[] = [];
  const contents = {
    get: async (path: string) => {
      asked.push(path);
      if (path === 'work') {
        return {
          content: Object.keys(files).map(name => ({ name }))
        };
      }
      const name = path.replace(/^work\//, '');
      if (!(name in files)) {
        throw new Error(`404: ${path}`);
      }
      return { content: files[name] };
    },
    save: async (path: string, model: { content: string }) => {
      saved.push(path);
      files[path.replace(/^work\//, '')] = model.content;
      return {};
    }
  };
  const app = { serviceManager: { contents } } as unknown as JupyterFrontEnd;
  const panel = {
    context: { path: 'work/a.ipynb' }
  } as unknown as NotebookPanel;
  return { app, panel, asked, saved, files };
}

describe('writeGenerated', () => {
  it('creates an absent file without requesting it (no 404), from the folder listing', async () => {
    const d = drive({ 'a.ipynb': '{}' });
    const message = await writeGenerated(
      d.app,
      d.panel,
      'a.params.yaml',
      'x: 1\n'
    );
    expect(message).toBe('Wrote work/a.params.yaml.');
    expect(d.asked).toEqual(['work']);
    expect(d.files['a.params.yaml'].startsWith(GENERATED_MARKER)).toBe(true);
  });

  it('never overwrites a file it did not generate, and replaces one it did', async () => {
    const d = drive({
      'a.ipynb': '{}',
      'mine.yaml': 'kept: true\n',
      'a.params.yaml': `${GENERATED_MARKER}\nold: 1\n`
    });
    expect(await writeGenerated(d.app, d.panel, 'mine.yaml', 'x: 1\n')).toMatch(
      /^Not written/
    );
    expect(d.files['mine.yaml']).toBe('kept: true\n');
    await writeGenerated(d.app, d.panel, 'a.params.yaml', 'new: 2\n');
    expect(d.files['a.params.yaml']).toBe(`${GENERATED_MARKER}\nnew: 2\n`);
    expect(d.saved).toEqual(['work/a.params.yaml']);
  });
});
