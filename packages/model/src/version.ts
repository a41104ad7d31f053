/** Kept in step with the workspace version; a test checks it against package.json. */
export const VELLUM_VERSION = "0.1.0";
export const VELLUM_HOMEPAGE = "https://github.com/vellum-archive/vellum";

export function userAgent(): string {
  return `Vellum/${VELLUM_VERSION} (+${VELLUM_HOMEPAGE})`;
}
