/**
 * The labextension entry: every JupyterLab plugin of jupyterlab-linearize.
 * The plugins are thin adapters; the analysis lives in `./core`.
 */
import type { JupyterFrontEndPlugin } from '@jupyterlab/application';
import { aboutPlugin } from './lab/about';
import { strictExecutorPlugin } from './lab/executor';
import { sessionsPlugin, uiPlugin } from './lab/plugins';

const plugins: JupyterFrontEndPlugin<any>[] = [
  sessionsPlugin,
  uiPlugin,
  strictExecutorPlugin,
  aboutPlugin
];

export default plugins;
