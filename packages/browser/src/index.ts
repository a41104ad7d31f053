export type { RequestFilter } from "./blocklist.js";
export { requestFilter } from "./blocklist.js";
export type { BrowserCaptureOptions, BrowserCapturer } from "./capture.js";
export { openBrowser } from "./capture.js";
export { CHROMIUM_ARGS } from "./launch.js";
export type {
  BlockList,
  BrowserOptions,
  ResolvedBrowserOptions,
  ScreenshotMode,
  Viewport,
} from "./options.js";
export {
  BLOCK_LISTS,
  DEFAULT_VIEWPORT,
  parseViewport,
  resolveBrowserOptions,
  SCREENSHOT_MODES,
} from "./options.js";
