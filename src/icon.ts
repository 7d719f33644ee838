import { LabIcon } from '@jupyterlab/ui-components';

// A check mark in a box; `jp-icon3` lets the theme choose the colour.
const svgstr = `<svg xmlns="http://www.w3.org/2000/svg" width="16" viewBox="0 0 24 24">
  <g class="jp-icon3" fill="#616161">
    <path d="M19 3H5a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2V5a2 2 0 0 0-2-2zm0 16H5V5h14z"/>
    <path d="M10.6 16.2 6.4 12l1.4-1.4 2.8 2.8 5.6-5.6 1.4 1.4z"/>
  </g>
</svg>`;

/** The icon of the sidebar tab and of the settings entry. */
export const prodIcon = new LabIcon({ name: 'jupyter-prod:icon', svgstr });
