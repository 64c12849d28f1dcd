import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

/**
 * The one HTTP seam to our server extension (`<base_url>/linearize/<endpoint>`).
 *
 * @throws {ServerConnection.ResponseError} when the server answers with an error status.
 * @throws {ServerConnection.NetworkError} when the server cannot be reached.
 */
export async function requestAPI<T>(
  endpoint: string,
  init: RequestInit = {},
  settings: ServerConnection.ISettings = ServerConnection.makeSettings()
): Promise<T> {
  const url = URLExt.join(settings.baseUrl, 'linearize', endpoint);
  let response: Response;
  try {
    response = await ServerConnection.makeRequest(url, init, settings);
  } catch (error) {
    throw new ServerConnection.NetworkError(error as TypeError);
  }
  const text = await response.text();
  if (!response.ok) {
    throw new ServerConnection.ResponseError(response, text);
  }
  return (text.length > 0 ? JSON.parse(text) : null) as T;
}

/** What `GET /linearize/info` answers. */
export interface IServerInfo {
  name: string;
  version: string;
  python: string;
  capabilities: string[];
}
