// Keeping the server when it starts being shared. A page open on this machine holds no token;
// before the server asks for one it hands each page a grant (a code, over the event stream).
// Posted back, the grant buys the cookie a token link sets, so the page's stream and its reloads
// keep working; the page's scripts never see the token. The first post may race the server's
// rebind, so the code is kept, and posted again before each reconnect, until the server takes it
// (204) or it expires.
import { GRANT_HEADER, type ServerEvents } from '../../core/live/protocol';

export interface Grant {
  receive(data: ServerEvents['grant']): Promise<void>;
  redeem(): Promise<void>;
}

export function createGrant(url: string): Grant {
  let code: string | null = null;
  let expires = 0;
  function redeem() {
    if (!code || Date.now() > expires) {
      code = null;
      return Promise.resolve();
    }
    const sent = code;
    return fetch(url, {
      method: 'POST',
      headers: { [GRANT_HEADER]: sent },
      credentials: 'same-origin',
      cache: 'no-store',
    })
      .then(function (r) {
        if (r.status === 204 && code === sent) code = null;
      })
      .catch(function () {
        /* not listening yet: the next reconnect posts it again */
      });
  }
  return {
    receive: function (data: ServerEvents['grant']) {
      code = data.code;
      expires = Date.now() + data.ttlMs;
      return redeem();
    },
    redeem: redeem,
  };
}
