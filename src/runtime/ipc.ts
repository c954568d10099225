/**
 * Messages between `compartment run` (the launcher) and the processes it
 * starts, over Node's IPC channel. Every started process also exits when the
 * channel closes (the launcher is gone), so none outlives its launcher.
 */
import type { NodeLimits, NodeStats, NodeStatus } from './node.js';
import type { ClientConfig, ClientResult, ClientSchedule } from './client.js';
import type { Endpoint } from './addresses.js';

export type ToChild =
  | {
      readonly type: 'init-node';
      readonly file: string;
      readonly deploy: string | null;
      readonly node: string;
      readonly host: string;
      readonly port: number;
      readonly record: boolean;
      readonly limits: Partial<NodeLimits>;
    }
  | { readonly type: 'init-client'; readonly config: ClientConfig }
  | { readonly type: 'init-echo'; readonly host: string }
  | { readonly type: 'peers'; readonly addresses: Readonly<Record<string, Endpoint>>; readonly deadline: number }
  | { readonly type: 'connect'; readonly deadline: number }
  | { readonly type: 'start'; readonly schedule?: ClientSchedule }
  | { readonly type: 'sample'; readonly id: number }
  | { readonly type: 'status'; readonly id: number }
  /** Stop now (clients: end the loop early); write the recording to `recordFile` if given, then exit 0. */
  | { readonly type: 'stop'; readonly recordFile: string | null };

export type FromChild =
  | { readonly type: 'listening'; readonly port: number }
  | { readonly type: 'ready' }
  | { readonly type: 'progress'; readonly second: number; readonly completed: number }
  | { readonly type: 'result'; readonly result: ClientResult }
  | { readonly type: 'sample'; readonly id: number; readonly cpu: NodeJS.CpuUsage; readonly stats: NodeStats | null }
  | { readonly type: 'status'; readonly id: number; readonly status: NodeStatus }
  | { readonly type: 'fatal'; readonly message: string }
  | { readonly type: 'stopped'; readonly stats: NodeStats | null; readonly truncated: boolean };
