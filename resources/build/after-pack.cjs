/**
 * electron-builder afterPack hook: the app for this arch is copied (and its asar written), so
 * node_modules gets its Node build of better-sqlite3 back at once (see before-pack.cjs).
 */
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS hook, as named in electron-builder.yml */

const { restoreNodeBuild } = require('./before-pack.cjs');

async function afterPack(context) {
  if (!restoreNodeBuild(context.packager.projectDir)) {
    throw new Error(
      'after-pack: could not put the Node build of better-sqlite3 back; run `npm rebuild better-sqlite3`.',
    );
  }
}

module.exports = { default: afterPack, afterPack };
