export { isPrivateAddress } from "./address.js";
export type { DecodedBody, DecodeStreamOptions } from "./decode.js";
export { decodeBody, decodeStream } from "./decode.js";
export type { SpooledExchange } from "./exchange.js";
export type {
  CaptureOptions,
  Fetcher,
  FetcherOptions,
  FetchPageOptions,
  RequestGate,
} from "./fetcher.js";
export { createFetcher, fetchPage, releaseCapture } from "./fetcher.js";
export type { FetchEvent, FetchOptions, ResolvedFetchOptions } from "./options.js";
export { PartialCaptureError, releaseExchanges } from "./partial.js";
export type { SpooledPayload } from "./payload.js";
export { Spool } from "./payload.js";
export type { Requisite, RequisiteKind } from "./requisites.js";
export { findCssRequisites, findRequisites } from "./requisites.js";
export type { AddressGuard, GuardOptions, ResolvedAddress, Resolver } from "./resolve.js";
export { resolveGuarded, systemResolver } from "./resolve.js";
export type { BackoffOptions } from "./retry.js";
export { backoffDelay, parseRetryAfter } from "./retry.js";
export type { RobotsRules } from "./robots.js";
export { robotsDisallowed, robotsRules, robotsUnreachable } from "./robots.js";
