import { ServerConnection } from '@jupyterlab/services';

import { describeError } from '../panel/errors';
import { ServerRequestError } from '../request';

describe('describeError', () => {
  it('says the server cannot be reached when the request never got an answer', () => {
    const error = new ServerConnection.NetworkError(new TypeError('Failed to fetch'));
    expect(describeError(error)).toBe('the Jupyter server cannot be reached. Is it still running?');
  });

  it('says the server extension is missing when its route answers 404 without a message', () => {
    const error = new ServerRequestError(404, 'Not Found', null, null);
    expect(describeError(error)).toMatch(/^the jupyter-prod server extension did not answer/);
  });

  it("passes the server's own message on", () => {
    const error = new ServerRequestError(400, 'Bad Request', 'the body is not a notebook', 'bad-request');
    expect(describeError(error)).toBe('the body is not a notebook');
  });

  it('says what to do about an expired session', () => {
    expect(describeError(new ServerRequestError(403, 'Forbidden', null, null))).toMatch(/reload the page/);
    expect(describeError(new ServerRequestError(403, 'Forbidden', "'_xsrf' argument missing from POST; XSRF cookie", null))).toMatch(/reload the page/);
    // A refusal of our own says why.
    expect(describeError(new ServerRequestError(403, 'Forbidden', 'the path is outside the server root', 'path-refused'))).toBe(
      'the path is outside the server root'
    );
  });
});
