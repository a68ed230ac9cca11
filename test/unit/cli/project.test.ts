import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { projectFolder } from '../../../src/cli/project';

describe('the project a served folder belongs to (where source maps may name originals)', () => {
  const existsIn = (files: string[]) => (file: string) => files.includes(file);

  it('is the nearest folder with a repository or a package manifest, at or above the root (POSIX)', () => {
    const p = path.posix;
    assert.equal(projectFolder('/work/app/dist', existsIn(['/work/app/package.json']), '/home/u', p), '/work/app');
    assert.equal(projectFolder('/work/app', existsIn(['/work/app/.git']), '/home/u', p), '/work/app');
    assert.equal(projectFolder('/work/app/dist', existsIn([]), '/home/u', p), '/work/app/dist', 'none: the root alone');
  });

  it('never climbs to the home folder or above it, where everything the user has would count', () => {
    const p = path.posix;
    assert.equal(
      projectFolder('/home/u/site/dist', existsIn(['/home/u/package.json', '/home/u/.git']), '/home/u', p),
      '/home/u/site/dist',
    );
    assert.equal(
      projectFolder('/home/u/site/dist', existsIn(['/home/u/site/.git', '/package.json']), '/home/u', p),
      '/home/u/site',
    );
    assert.equal(
      projectFolder('/home/u', existsIn(['/home/u/.git']), '/home/u', p),
      '/home/u',
      'serving home itself: home, no more',
    );
  });

  it('works with Windows paths and drive roots', () => {
    const w = path.win32;
    assert.equal(
      projectFolder('C:\\Users\\u\\site\\dist', existsIn(['C:\\Users\\u\\site\\package.json']), 'C:\\Users\\u', w),
      'C:\\Users\\u\\site',
    );
    assert.equal(projectFolder('D:\\www\\dist', existsIn(['D:\\package.json']), 'C:\\Users\\u', w), 'D:\\');
    assert.equal(projectFolder('D:\\www\\dist', existsIn([]), 'C:\\Users\\u', w), 'D:\\www\\dist');
  });
});
