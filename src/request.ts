/**
 * Calls to the jupyter-prod server extension.
 */

import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

import { API_NAMESPACE, IAnalysisResponse, ICheckResponse } from './tokens';

/** The server answered a jupyter-prod request with an error status. */
export class ServerRequestError extends Error {
  constructor(
    readonly status: number,
    readonly statusText: string,
    /** The `message` of the server's JSON body; null when it sent none (a missing route, say). */
    readonly serverMessage: string | null,
    /** The `code` of the server's JSON body, when it sent one. */
    readonly code: string | null
  ) {
    super(serverMessage ?? `${status} ${statusText}`.trim());
    this.name = 'ServerRequestError';
  }
}

/**
 * Call `<baseUrl>/jupyter-prod/<endPoint>` and return its decoded JSON body.
 *
 * Throws `ServerConnection.NetworkError` when the server cannot be reached and
 * `ServerRequestError`, carrying the server's `message`, on an error status.
 */
export async function requestAPI<T>(
  endPoint = '',
  init: RequestInit = {}
): Promise<T> {
  const settings = ServerConnection.makeSettings();
  const url = URLExt.join(settings.baseUrl, API_NAMESPACE, endPoint);

  let response: Response;
  try {
    response = await ServerConnection.makeRequest(url, init, settings);
  } catch (error) {
    throw new ServerConnection.NetworkError(error as TypeError);
  }

  const text = await response.text();
  const body = parseJSON(text);
  if (!response.ok) {
    const fields = (body ?? {}) as { message?: unknown; code?: unknown };
    throw new ServerRequestError(
      response.status,
      response.statusText,
      typeof fields.message === 'string' && fields.message
        ? fields.message
        : null,
      typeof fields.code === 'string' ? fields.code : null
    );
  }
  return body as T;
}

/** Ask the server to check one notebook, by its path relative to the server root. */
export function checkNotebook(path: string): Promise<ICheckResponse> {
  return requestAPI<ICheckResponse>('check', {
    method: 'POST',
    body: JSON.stringify({ path })
  });
}

/**
 * Ask the server to check the open document as it is now, saved or not, and to draw its
 * dependency graph from the same analysis (one round trip, one analysis). `path` only names
 * the document in the answer.
 */
export function analyseDocument(
  notebook: unknown,
  path: string
): Promise<IAnalysisResponse> {
  return requestAPI<IAnalysisResponse>('check', {
    method: 'POST',
    body: JSON.stringify({ notebook, path, graph: true })
  });
}

function parseJSON(text: string): unknown {
  if (!text) {
    return null;
  }
  try {
    return JSON.parse(text);
  } catch {
    // Not JSON (an HTML error page from a missing route, say): the status tells enough.
    return null;
  }
}
