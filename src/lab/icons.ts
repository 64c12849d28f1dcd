import { LabIcon } from '@jupyterlab/ui-components';
import linearizeSvg from '../../style/icons/linearize.svg';
import exportSvg from '../../style/icons/export.svg';

export const linearizeIcon = new LabIcon({
  name: 'jupyterlab-linearize:linearize',
  svgstr: linearizeSvg
});
/** The export button's icon: a script page with an arrow out (not the generic download). */
export const exportIcon = new LabIcon({
  name: 'jupyterlab-linearize:export',
  svgstr: exportSvg
});
