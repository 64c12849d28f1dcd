import type {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { Dialog, ICommandPalette, showDialog } from '@jupyterlab/apputils';
import { Widget } from '@lumino/widgets';
import { CommandIDs, PACKAGE, PALETTE_CATEGORY } from './commandIds';
import { IServerInfo, requestAPI } from './requestAPI';

/** The version of the front end, read from our own package.json at build time. */
// eslint-disable-next-line @typescript-eslint/no-var-requires
const FRONTEND_VERSION: string = require('../../package.json').version;

/**
 * `jupyterlab-linearize:about`: registers `linearize:about`, which shows the versions of
 * both halves (front end and server extension): the wiring, end to end.
 */
export const aboutPlugin: JupyterFrontEndPlugin<void> = {
  id: `${PACKAGE}:about`,
  description:
    'About jupyterlab-linearize: versions of the front end and the server part.',
  autoStart: true,
  optional: [ICommandPalette],
  activate: (app: JupyterFrontEnd, palette: ICommandPalette | null): void => {
    app.commands.addCommand(CommandIDs.about, {
      label: 'About Linearize',
      caption:
        'Show the versions of jupyterlab-linearize (front end and server)',
      execute: async () => {
        const body = await aboutBody();
        await showDialog({
          title: 'jupyterlab-linearize',
          body,
          buttons: [Dialog.okButton({ label: 'Close' })]
        });
      }
    });
    palette?.addItem({ command: CommandIDs.about, category: PALETTE_CATEGORY });
  }
};

async function aboutBody(): Promise<Widget> {
  const node = document.createElement('div');
  node.className = 'jp-Linearize-about';
  const line = (label: string, value: string): void => {
    const p = document.createElement('p');
    const b = document.createElement('strong');
    b.textContent = `${label}: `;
    p.append(b, value);
    node.append(p);
  };
  line('Front end', FRONTEND_VERSION);
  try {
    const info = await requestAPI<IServerInfo>('info');
    line('Server extension', `${info.version} (Python ${info.python})`);
  } catch {
    line(
      'Server extension',
      'not available — features that need git run in the CLI only'
    );
  }
  node.append(
    Object.assign(document.createElement('p'), {
      textContent:
        'Records every cell execution, warns when the notebook stops being reproducible, ' +
        'extracts parameters and exports a linear script tied to a git commit.'
    })
  );
  return new Widget({ node });
}
