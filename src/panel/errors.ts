/**
 * Errors in words a user can act on.
 */

import { ServerConnection } from '@jupyterlab/services';

import { ServerRequestError } from '../request';

/** Say what went wrong with a request to the jupyter-prod server extension. */
export function describeError(error: unknown): string {
  if (error instanceof ServerRequestError) {
    if (error.status === 404 && error.serverMessage === null) {
      return (
        'the jupyter-prod server extension did not answer. ' +
        'Check that it is installed and enabled (jupyter server extension list), ' +
        'then restart Jupyter.'
      );
    }
    // Jupyter's own refusals (no login, no XSRF token) carry no message of ours.
    const jupyterRefusal =
      error.serverMessage === null ||
      error.serverMessage === 'Forbidden' ||
      error.serverMessage.includes('XSRF');
    if (error.status === 403 && jupyterRefusal) {
      return 'the Jupyter server refused the request: your session may have expired; reload the page.';
    }
    return error.message;
  }
  if (error instanceof ServerConnection.NetworkError) {
    return 'the Jupyter server cannot be reached. Is it still running?';
  }
  return error instanceof Error ? error.message : String(error);
}
