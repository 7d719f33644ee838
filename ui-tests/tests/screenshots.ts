/**
 * Where the tests' screenshots go: into docs/images (the README and the guides show them) only
 * when asked with JUPYTER_PROD_SCREENSHOTS=1, so that an ordinary test run changes no tracked file.
 */
import * as os from 'os';
import * as path from 'path';

const DOCS_IMAGES = path.resolve(__dirname, '..', '..', 'docs', 'images');

export function screenshotPath(name: string): string {
  const folder = process.env.JUPYTER_PROD_SCREENSHOTS
    ? DOCS_IMAGES
    : path.join(os.tmpdir(), 'jupyter-prod-screenshots');
  return path.join(folder, name);
}
