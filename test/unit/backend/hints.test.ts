import * as assert from 'node:assert/strict';
import { backendHints } from '../../../src/core/backend';

describe('hints about backend commands that hide edits', () => {
  it('names PHP\'s OPcache for php -S, unless the command sets it', () => {
    for (const command of ['php -S 127.0.0.1:{port}', '/usr/bin/php8.2 -S 127.0.0.1:{port} -t public', '"C:\\PHP\\php.exe" -S 127.0.0.1:{port}']) {
      assert.match(backendHints(command).join(), /-d opcache\.revalidate_freq=0/, command);
    }
    assert.deepEqual(backendHints('php -d opcache.revalidate_freq=0 -S 127.0.0.1:{port}'), []);
    assert.deepEqual(backendHints('php artisan serve --port={port}'), [], 'not the built-in server');
  });

  it('names Flask\'s template cache for flask run without --debug', () => {
    assert.match(backendHints('flask --app app run --port {port}').join(), /Add --debug/);
    assert.deepEqual(backendHints('python3 -m flask --app app --debug run --port {port}'), []);
    assert.deepEqual(backendHints('python3 manage.py runserver 127.0.0.1:{port}'), []);
  });
});
