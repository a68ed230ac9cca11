/** Opening pages in a browser the user chose: `--browser` and `ferrox.browser`. */
export {
  BrowserChoiceError,
  browserLaunch,
  KNOWN_BROWSERS,
  type BrowserLaunch,
  type PlatformFacts,
} from './browserCommand';
export { splitCommandLine } from './commandLine';
export { openBrowser, thisPlatform } from './openBrowser';
