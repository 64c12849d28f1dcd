import { LabIcon } from '@jupyterlab/ui-components';
import linearizeSvg from '../../style/icons/linearize.svg';

export const linearizeIcon = new LabIcon({
  name: 'jupyterlab-linearize:linearize',
  svgstr: linearizeSvg
});
