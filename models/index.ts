/**
 * The reference models of the corpus protocols, by name. A corpus file names
 * its model in a `# @model NAME` header line.
 */
import type { ReferenceModel } from '../src/invariants/index.js';
import { votingModel } from './voting.js';
import { hashsetKvsModel } from './hashset-kvs.js';
import { broadcastPipelineModel } from './broadcast-pipeline.js';
import { twoPhaseCommitModel } from './2pc.js';
import { paxosModel } from './paxos.js';
import { twoPhaseCommitTallyModel } from './2pc-coordinator-tally.js';

export const MODELS: ReadonlyMap<string, ReferenceModel> = new Map([votingModel, hashsetKvsModel, broadcastPipelineModel, twoPhaseCommitModel, twoPhaseCommitTallyModel, paxosModel].map((m) => [m.name, m]));

export function findModel(name: string): ReferenceModel | undefined {
  return MODELS.get(name);
}
