import { expect, test } from '@jupyterlab/galata';
import { execFileSync } from 'child_process';
import { command, notebookWith } from './utils';

test.use({ kernels: null });

test('parameters view: candidates with checkboxes, YAML preview, writes the config', async ({
  page,
  tmpPath
}) => {
  await notebookWith(page, 'train.ipynb', [
    'data_path = "data/iris.csv"\nlr = 0.01\nepochs = 10',
    'X_train, X_test = train_test_split(X, test_size=0.2, random_state=42)'
  ]);
  await command(page, 'linearize:params');
  const view = page.locator('.jp-Linearize-params');
  await expect(view).toBeVisible();
  const rows = view.locator('.jp-Linearize-paramsTable tbody tr');
  await expect(rows).toHaveCount(5);
  const yaml = view.locator('.jp-Linearize-yaml');
  await expect(yaml).toContainText('"epochs": 10');
  await expect(yaml).toContainText('"train_test_split.random_state": 42');

  // Leave `epochs` in the code.
  await view.getByRole('checkbox', { name: 'Extract epochs' }).uncheck();
  await expect(yaml).not.toContainText('"epochs"');

  await view.getByRole('button', { name: 'Write YAML config' }).click();
  await expect(view.locator('[role=status]')).toContainText('Wrote');
  const response = await page.request.get(
    `/api/contents/${tmpPath}/train.params.yaml?content=1&type=file&format=text`
  );
  expect(response.ok()).toBe(true);
  const text = (await response.json()).content as string;
  // Python's yaml.safe_load reads back exactly the values of the code.
  const loaded = JSON.parse(
    execFileSync(
      'python',
      [
        '-c',
        'import json, sys, yaml; print(json.dumps(yaml.safe_load(sys.stdin.read())))'
      ],
      {
        input: text
      }
    ).toString()
  );
  const flat = Object.assign(
    {},
    ...Object.values(loaded).filter(
      v => typeof v === 'object' && !Array.isArray(v)
    )
  );
  expect(flat).toMatchObject({
    data_path: 'data/iris.csv',
    lr: 0.01,
    'train_test_split.test_size': 0.2
  });
  expect(flat).not.toHaveProperty('epochs');

  // The notebook's cells are untouched until a parameters cell is asked for.
  expect(await sources(page)).toEqual([
    'data_path = "data/iris.csv"\nlr = 0.01\nepochs = 10',
    'X_train, X_test = train_test_split(X, test_size=0.2, random_state=42)'
  ]);
  await view.getByRole('button', { name: 'Insert parameters cell' }).click();
  await expect.poll(async () => (await sources(page)).length).toBe(3);
  expect((await sources(page))[0]).toContain('P = {');
});

test('the parameters view is a tab of its own, wide enough for every column', async ({
  page
}) => {
  await notebookWith(page, 'wide.ipynb', [
    'data_path = "data/a-rather-long-folder-name/and-a-longer-file-name-still.csv"\nlr = 0.01'
  ]);
  await command(page, 'linearize:params');
  const view = page.locator('.jp-Linearize-params');
  await expect(view).toBeVisible();
  // Not split beside the notebook: the notebook's tab is in the same tab bar, hidden.
  await expect(page.locator('.jp-NotebookPanel')).toBeHidden();
  const note = view.locator('.jp-Linearize-paramsTable th').last();
  await expect(note).toHaveText('Note');
  const box = await note.boundingBox();
  const viewBox = await view.boundingBox();
  expect(box!.x + box!.width).toBeLessThanOrEqual(viewBox!.x + viewBox!.width);
});

/** The sources of the notebook's cells, from its model (whatever tab is in front). */
function sources(page: any): Promise<string[]> {
  return page.evaluate(() => {
    const app = (window as any).jupyterapp;
    for (const w of app.shell.widgets('main')) {
      if (w.context?.path?.endsWith('.ipynb')) {
        return w.content.model.sharedModel.cells.map((c: any) => c.getSource());
      }
    }
    return [];
  });
}
