/*
 * The few Chrome DevTools Protocol shapes this package reads. playwright-core types them in a
 * module its package exports do not expose, so the fields used are declared here, as the
 * protocol (https://chromedevtools.github.io/devtools-protocol/) defines them.
 */

export interface HeaderEntry {
  readonly name: string;
  readonly value: string;
}

export interface PostDataEntry {
  readonly bytes?: string;
}

export interface CdpRequest {
  readonly url: string;
  readonly urlFragment?: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly postData?: string;
  readonly hasPostData?: boolean;
  readonly postDataEntries?: readonly PostDataEntry[];
}

export interface RequestPausedEvent {
  readonly requestId: string;
  readonly request: CdpRequest;
  readonly frameId: string;
  readonly resourceType: string;
  readonly responseErrorReason?: string;
  readonly responseStatusCode?: number;
  readonly responseStatusText?: string;
  readonly responseHeaders?: readonly HeaderEntry[];
  readonly networkId?: string;
}

export interface SecurityDetails {
  readonly protocol: string;
  readonly subjectName: string;
  readonly issuer: string;
  readonly validFrom: number;
  readonly validTo: number;
}

export interface CdpResponse {
  readonly url: string;
  readonly status: number;
  readonly remoteIPAddress?: string;
  readonly protocol?: string;
  readonly securityDetails?: SecurityDetails;
}

export interface ResponseReceivedEvent {
  readonly requestId: string;
  readonly response: CdpResponse;
}

export interface ResponseReceivedExtraInfoEvent {
  readonly requestId: string;
  readonly headersText?: string;
  /** `Loopback`, `Local` (was `Private`), `Public` or `Unknown`: where the response came from. */
  readonly resourceIPAddressSpace?: string;
}

export interface RequestWillBeSentExtraInfoEvent {
  readonly requestId: string;
  readonly headers: Readonly<Record<string, string>>;
}

export interface RequestWillBeSentEvent {
  readonly requestId: string;
  readonly request: CdpRequest;
  readonly redirectResponse?: CdpResponse;
  readonly type?: string;
  readonly frameId?: string;
}

export interface LoadingFinishedEvent {
  readonly requestId: string;
}

export interface LoadingFailedEvent {
  readonly requestId: string;
  readonly errorText: string;
  readonly blockedReason?: string;
}

/** `Fetch.failRequest` reasons used here. */
export type ErrorReason =
  | "BlockedByClient"
  | "BlockedByResponse"
  | "AddressUnreachable"
  | "Aborted";
