export type { ConnectOptions, QueueLocation } from "./connection.js";
export { connect, parseQueueUrl, queueUnreachable } from "./connection.js";
export type { FleetQueueOptions } from "./coordinator.js";
export { FleetQueue } from "./coordinator.js";
export type { GateAnswer, HostGateOptions, HostState, Lease } from "./gate.js";
export { HostGate } from "./gate.js";
export type { HopOutcome } from "./hops.js";
export { HopGate } from "./hops.js";
export type { UrlJob } from "./jobs.js";
export { canonicalUrl, hostOf, jobIdFor } from "./jobs.js";
export { FleetKeys } from "./keys.js";
export type { RobotsCacheOptions, RobotsLookup, StoredRobots } from "./robots.js";
export { RobotsCache } from "./robots.js";
export type { FleetStatus, WorkerStatus } from "./status.js";
export { fleetStatus } from "./status.js";
export type {
  FleetWorker,
  FleetWorkerOptions,
  JobOutcome,
  PreviousAttempt,
  RobotsPolicy,
  WorkerBeat,
  WorkerEvent,
} from "./worker.js";
export { defaultWorkerId, LIVE_MS, startWorker } from "./worker.js";
