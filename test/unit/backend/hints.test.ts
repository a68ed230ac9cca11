import * as assert from 'node:assert/strict';
import { cacheCause, outputHint } from '../../../src/core/backend';

describe('what hides edits in a backend, and how to turn it off', () => {
  it("knows Flask's template cache by what Flask prints, not by its command", () => {
    assert.match(outputHint(' * Debug mode: off') ?? '', /Put --debug after run/);
    assert.equal(outputHint(' * Debug mode: on'), undefined);
    assert.equal(outputHint(' * Running on http://127.0.0.1:5000'), undefined);
  });

  it('names the likely cache for each kind of backend', () => {
    assert.match(cacheCause('python3 -m flask --app app --debug run', false), /TEMPLATES_AUTO_RELOAD/);
    assert.match(cacheCause('gunicorn app:app', true), /Flask caches templates/, 'Flask said so, whatever the command');
    assert.match(cacheCause('python3 manage.py runserver 127.0.0.1:{port}', false), /DEBUG = True/);
    assert.match(cacheCause('php artisan serve --port={port}', false), /view:clear/);
    assert.match(cacheCause('php -S 127.0.0.1:{port}', false), /Twig/);
    assert.match(cacheCause('npx nodemon app.js', false), /view cache/);
    assert.match(
      cacheCause(undefined, false),
      /templates or views .*OPcache/,
      'a backend the user runs: the usual suspects',
    );
  });
});
