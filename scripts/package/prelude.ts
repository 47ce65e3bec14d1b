/**
 * The head of the single executable's bundle (scripts/package/build.ts puts it first). It runs
 * before any module and says where the files that cannot live in the SEA blob are: the native
 * addons, the preview font and the package.json that names the version, all in the folder beside
 * the executable, `<executable>.addons/` (or OUTPOST_ADDONS_DIR). On Linux process.execPath is
 * the real path (/proc/self/exe), so a symlink in /usr/local/bin to the executable still finds it.
 * `require` here is the SEA's: built-in modules only, so addons load through process.dlopen.
 */
export const PRELUDE = `var __outpostAddonDir = process.env.OUTPOST_ADDONS_DIR || process.execPath + '.addons'
// every module's import.meta.url: versions.ts and the preview's font lookup walk from it
var __outpostMetaUrl = require('node:url').pathToFileURL(require('node:path').join(__outpostAddonDir, 'outpost.js')).href
var __outpostAddon = function (name) {
  var file = require('node:path').join(__outpostAddonDir, name.replace('/', '+') + '.node')
  var mod = { exports: {} }
  try {
    process.dlopen(mod, file)
  } catch (err) {
    var why = err && err.message ? err.message.split('\\n')[0] : String(err)
    throw new Error(
      'cannot load the native addon ' +
        file +
        ' (' +
        why +
        '): the folder ' +
        __outpostAddonDir +
        ' ships with the executable and stays beside it',
    )
  }
  return mod.exports
}
`
