import type {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { Dialog, ICommandPalette, showDialog } from '@jupyterlab/apputils';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { Widget } from '@lumino/widgets';
import { CommandIDs, PACKAGE, PALETTE_CATEGORY } from './commandIds';
import { IServerInfo, requestAPI } from './requestAPI';

/** The version of the front end, read from our own package.json at build time. */
// eslint-disable-next-line @typescript-eslint/no-var-requires
const FRONTEND_VERSION: string = require('../../package.json').version;

/**
 * `jupyterlab-linearize:plugin`: registers `linearize:about` and loads the main settings.
 * It proves the wiring (command, palette, settings, server extension) end to end.
 */
export const aboutPlugin: JupyterFrontEndPlugin<void> = {
  id: `${PACKAGE}:plugin`,
  description:
    'About jupyterlab-linearize: versions of the front end and the server part.',
  autoStart: true,
  optional: [ICommandPalette, ISettingRegistry],
  activate: (
    app: JupyterFrontEnd,
    palette: ICommandPalette | null,
    settingRegistry: ISettingRegistry | null
  ): void => {
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

    if (settingRegistry) {
      // Loading validates our schema against the user's settings; failures are logged, not fatal.
      settingRegistry.load(`${PACKAGE}:plugin`).catch(reason => {
        console.error(`${PACKAGE}: failed to load settings.`, reason);
      });
    }
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
