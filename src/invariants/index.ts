/** Reference models and the view of a run their invariants read. */
export { RunView, key } from './run-view.js';
export type { InputEvent, SentEvent, DeliveredEvent, NodeOutputEvent, ArrivalEvent } from './run-view.js';
export { checkModel, modelMismatch } from './model.js';
export type { Invariant, ReferenceModel, Violation, InvariantResult, InvariantStatus, ModelReport } from './model.js';
