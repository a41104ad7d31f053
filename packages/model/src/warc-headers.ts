/**
 * The WARC header fields Vellum writes beyond those WARC 1.1 defines (§4 allows extension fields;
 * an application prefix keeps them from colliding with a later revision's). @vellum/archive
 * writes the TLS ones on responses and reads them back for a bundle's provenance; later fields
 * of @vellum/crawl live here too, so each name has one owner that every writer and reader imports.
 */
export const VellumWarcHeader = {
  /** Subject of the server's TLS certificate (`TlsInfo.subject`). */
  tlsSubject: "Vellum-TLS-Subject",
  /** Issuer of the server's TLS certificate. */
  tlsIssuer: "Vellum-TLS-Issuer",
  /** The certificate's notBefore (`TlsInfo.validFrom`). */
  tlsValidFrom: "Vellum-TLS-Valid-From",
  /** The certificate's notAfter (`TlsInfo.validTo`). */
  tlsValidTo: "Vellum-TLS-Valid-To",
} as const;
export type VellumWarcHeader = (typeof VellumWarcHeader)[keyof typeof VellumWarcHeader];
